package open311

import (
	"encoding/json"
	"encoding/xml"
	"healthgrid/internal/access"
	"net/http"
)

// changeset is when this endpoint's behaviour last changed, for discovery.
const changeset = "2026-11-23T00:00:00+08:00"

// services answers the service list: the enabled matters. A key is not
// needed (the list is the catalogue's names and descriptions), but one that
// is given must be valid.
func (a *API) services(w http.ResponseWriter, r *http.Request, format string) {
	if _, err := a.prepare(w, r, false); err != nil {
		a.fail(w, r, format, err)
		return
	}
	list, err := a.catalogue.Services(r.Context())
	if err != nil {
		a.fail(w, r, format, err)
		return
	}
	write(w, format, http.StatusOK, "services", list)
}

type endpoint struct {
	Specification string   `json:"specification" xml:"specification"`
	URL           string   `json:"url" xml:"url"`
	Changeset     string   `json:"changeset" xml:"changeset"`
	Type          string   `json:"type" xml:"type"`
	Formats       []string `json:"formats" xml:"formats>format"`
}

type discovery struct {
	XMLName    xml.Name   `json:"-" xml:"discovery"`
	Changeset  string     `json:"changeset" xml:"changeset"`
	Contact    string     `json:"contact" xml:"contact"`
	KeyService string     `json:"key_service" xml:"key_service"`
	Endpoints  []endpoint `json:"endpoints" xml:"endpoints>endpoint"`
}

// discovery describes the endpoint (Open311 service discovery).
func (a *API) discovery(w http.ResponseWriter, r *http.Request, format string) {
	scheme := "http"
	if access.RequestFrom(r.Context()).TLS {
		scheme = "https"
	}
	d := discovery{Changeset: changeset,
		Contact:    "忻州市卫生健康委员会信息化管理员 / the health commission's platform administrators",
		KeyService: "合作系统密钥由平台管理员在控制台“合作系统密钥”页签发 / API keys are issued by the platform's administrators",
		Endpoints: []endpoint{{Specification: "http://wiki.open311.org/GeoReport_v2", URL: scheme + "://" + r.Host + "/open311/v2",
			Changeset: changeset, Type: "production", Formats: []string{"application/json", "text/xml"}}}}
	if format == "xml" {
		writeXML(w, http.StatusOK, d)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	json.NewEncoder(w).Encode(d)
}
