// Package web embeds the built console.
package web

import "embed"

// Dist holds web/dist: the console built by `npm run build`.
//
//go:embed all:dist
var Dist embed.FS
