// Chromium DevTools' "Slow 3G" profile (400 ms RTT × 5; 500 kbit/s × 0.8 both
// ways), for the app's figures.
export const SLOW_3G = { offline: false, latency: 2000, downloadThroughput: (500 * 1000) / 8 * 0.8, uploadThroughput: (500 * 1000) / 8 * 0.8 }
