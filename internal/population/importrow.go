package population

// Mode is how an import treats a resident whose ID number already exists.
type Mode string

// Import modes.
const (
	Insert Mode = "insert" // an existing ID number rejects the row
	Upsert Mode = "upsert" // an existing ID number updates that resident
)

// ImportRow is one data row of a residents file as typed (trimmed), before
// validation. Line is its 1-based line in the file; the header is line 1.
type ImportRow struct {
	Line          int
	Name          string
	IDNumber      string
	Phone         string
	Ethnicity     string // a name (汉族, 回) or a GB/T 3304 code (01, 03)
	GridCode      string
	Address       string
	ResidenceType string // 户籍/常住/流动 or registered/resident/floating
	Tags          string // separated by ; or 、
}

// RowError is one rejected row: its line, the column at fault (the Chinese
// header, empty for the whole row) and the reason in Chinese.
type RowError struct {
	Line   int    `json:"line"`
	Column string `json:"column"`
	Reason string `json:"reason"`
}

// BatchResult counts what one batch did. Imported + Updated + len(Rejected)
// equals the number of rows in the batch.
type BatchResult struct {
	Imported int
	Updated  int
	Rejected []RowError
}

// Counts are a grid's population figures, for its profile and the map.
type Counts struct {
	Buildings      int `json:"buildings"`
	Households     int `json:"households"`
	Residents      int `json:"residents"`
	KeyPopulations int `json:"key_populations" doc:"residents with at least one key-population tag, age-based ones included"`
}
