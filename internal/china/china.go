// Package china holds the conventions the platform keeps for China that
// every module shares. Today: the time zone.
package china

import "time"

// Zone is China Standard Time (UTC+8, Beijing time): the zone in which a
// "day", "today", a deadline in working days and a case number's date are
// read. It is fixed rather than loaded as Asia/Shanghai: the two agree on
// every date since 1991 (China has kept no daylight saving since), and a
// fixed zone needs no tzdata on the host.
var Zone = time.FixedZone("CST", 8*3600)
