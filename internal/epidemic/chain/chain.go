// Package chain is the transmission graph of an epidemic (issue 17): the
// exposures between risk persons (who may have infected whom, where and
// when), the chains that are its connected components, kept as exposures
// arrive, and the outbreaks (聚集性疫情) the CDC declares over them.
package chain

// Exposure is one edge of the graph: Source may have infected Target.
// Both are risk persons (epidemic.Person IDs).
type Exposure struct {
	Source    string `json:"source" maxLength:"40" doc:"the risk person who may have infected target"`
	Target    string `json:"target" maxLength:"40" doc:"the risk person exposed"`
	Kind      string `json:"kind" enum:"venue,household,work,transport,care,other" doc:"how they met"`
	Date      string `json:"date" pattern:"^\\d{4}-\\d{2}-\\d{2}$" doc:"the day of the exposure (Beijing)"`
	Certainty string `json:"certainty" enum:"confirmed,probable,possible" doc:"how sure the tracer is"`
	Venue     string `json:"venue,omitempty" maxLength:"40" doc:"kind venue: the venue's code"`
	Ref       string `json:"ref,omitempty" maxLength:"40" doc:"what found it: a trace's ID, a report card's"`
}

// OutbreakInput declares an outbreak (聚集性疫情) over chains or a venue; a
// confirmed warning signal declares one too.
type OutbreakInput struct {
	Name     string   `json:"name" minLength:"1" maxLength:"100"`
	Disease  string   `json:"disease" maxLength:"20"`
	Region   string   `json:"region" maxLength:"20" doc:"the region code it is in"`
	Level    string   `json:"level" doc:"its grade"`
	Chains   []string `json:"chains,omitempty" maxItems:"50"`
	Venue    string   `json:"venue,omitempty" maxLength:"40"`
	SignalID string   `json:"signal_id,omitempty" maxLength:"40" doc:"the warning signal it was confirmed from"`
	Note     string   `json:"note,omitempty" maxLength:"2000"`
}
