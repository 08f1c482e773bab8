package chatsim

import (
	"encoding/json"
	"net/http"
)

// writeJSON sends v with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// writeError sends the Chat API's error shape.
func writeError(w http.ResponseWriter, status int, code, description string) {
	body := map[string]string{"error": code}
	if description != "" {
		body["description"] = description
	}
	writeJSON(w, status, body)
}

// writeFieldError sends a 400 naming the field at fault, so a form can put
// the message on that field.
func writeFieldError(w http.ResponseWriter, field, description string) {
	writeJSON(w, http.StatusBadRequest, map[string]string{"error": "Bad Request", "description": description, "field": field})
}

// writeOAuthError sends an RFC 6749 error from the token endpoint.
func writeOAuthError(w http.ResponseWriter, status int, code, description string) {
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, status, map[string]string{"error": code, "error_description": description})
}

func notFound(w http.ResponseWriter) { writeError(w, http.StatusNotFound, "Not Found", "") }
