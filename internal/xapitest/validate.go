// Package xapitest checks xAPI statements in tests: Validate applies the
// rules of xAPI 1.0.3 (Data, section 2.4) that the course's exports rely on.
//
// It is for tests only and imports only the standard library.
package xapitest

import (
	"fmt"
	"math"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Validate checks one statement against the rules of xAPI 1.0.3
// (Data, section 2.4) that the export relies on, and returns every problem
// found. st is the statement as decoded from JSON, so that extra or
// misspelt properties are seen.
func Validate(st map[string]any) []string {
	var problems []string
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }

	only(st, "statement", bad, "id", "actor", "verb", "object", "result", "context", "timestamp", "version")
	for _, k := range []string{"id", "actor", "verb", "object", "timestamp", "version"} {
		if _, ok := st[k]; !ok {
			bad("statement: %s is missing", k)
		}
	}
	if id, _ := st["id"].(string); !ValidUUID(id) {
		bad("id %q is not an RFC 9562 UUID", id)
	}
	if v := st["version"]; v != "1.0.3" {
		bad("version = %v, want 1.0.3", v)
	}
	ts, _ := st["timestamp"].(string)
	if !regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`).MatchString(ts) {
		bad("timestamp %q is not RFC 3339 UTC with milliseconds", ts)
	} else if _, err := time.Parse(time.RFC3339Nano, ts); err != nil {
		bad("timestamp %q: %v", ts, err)
	}

	// Actor: an Agent identified by exactly one account.
	actor, _ := st["actor"].(map[string]any)
	only(actor, "actor", bad, "objectType", "name", "account")
	if actor["objectType"] != "Agent" {
		bad("actor.objectType = %v, want Agent", actor["objectType"])
	}
	for _, ifi := range []string{"mbox", "mbox_sha1sum", "openid"} {
		if _, ok := actor[ifi]; ok {
			bad("actor has %s as well as an account", ifi)
		}
	}
	if n, ok := actor["name"]; ok {
		if s, _ := n.(string); s == "" {
			bad("actor.name is empty")
		}
	}
	account, _ := actor["account"].(map[string]any)
	only(account, "actor.account", bad, "homePage", "name")
	if hp, _ := account["homePage"].(string); !absolute(hp) {
		bad("actor.account.homePage %q is not an absolute IRL", hp)
	}
	if name, _ := account["name"].(string); name == "" {
		bad("actor.account.name is empty")
	}

	// Verb: an IRI from ADL's vocabulary with a language map.
	verb, _ := st["verb"].(map[string]any)
	only(verb, "verb", bad, "id", "display")
	verbID, _ := verb["id"].(string)
	if !absolute(verbID) || !strings.HasPrefix(verbID, "http://adlnet.gov/expapi/verbs/") {
		bad("verb.id %q is not an ADL verb IRI", verbID)
	}
	languageMap(verb["display"], "verb.display", true, bad)

	// Object: an Activity with an absolute IRI.
	object, _ := st["object"].(map[string]any)
	activityObject(object, "object", bad)

	// Result.
	if r, ok := st["result"]; ok {
		result, _ := r.(map[string]any)
		only(result, "result", bad, "score", "success", "completion", "response", "duration", "extensions")
		for _, k := range []string{"success", "completion"} {
			if v, ok := result[k]; ok {
				if _, isBool := v.(bool); !isBool {
					bad("result.%s = %v is not a boolean", k, v)
				}
			}
		}
		if v, ok := result["response"]; ok {
			if _, isString := v.(string); !isString {
				bad("result.response = %v is not a string", v)
			}
		}
		if v, ok := result["duration"]; ok {
			d, _ := v.(string)
			if !DurationPattern.MatchString(d) || d == "P" || strings.HasSuffix(d, "T") {
				bad("result.duration %q is not an ISO 8601 duration", d)
			}
		}
		if v, ok := result["score"]; ok {
			score, _ := v.(map[string]any)
			only(score, "result.score", bad, "scaled", "raw", "min", "max")
			num := func(k string) (float64, bool) { f, ok := score[k].(float64); return f, ok }
			scaled, hasScaled := num("scaled")
			raw, hasRaw := num("raw")
			lo, hasMin := num("min")
			hi, hasMax := num("max")
			if hasScaled && (scaled < -1 || scaled > 1) {
				bad("result.score.scaled %v is outside [-1, 1]", scaled)
			}
			if hasMin && hasMax && lo >= hi {
				bad("result.score.min %v is not below max %v", lo, hi)
			}
			if hasRaw && ((hasMin && raw < lo) || (hasMax && raw > hi)) {
				bad("result.score.raw %v is outside [%v, %v]", raw, lo, hi)
			}
			if hasScaled && hasRaw && hasMax && hi > 0 && math.Abs(scaled-raw/hi) > 1e-9 {
				bad("result.score.scaled %v is not raw/max = %v/%v", scaled, raw, hi)
			}
		}
	}

	// Context.
	if c, ok := st["context"]; ok {
		ctx, _ := c.(map[string]any)
		only(ctx, "context", bad, "registration", "instructor", "team", "contextActivities", "revision", "platform",
			"language", "statement", "extensions")
		if reg, ok := ctx["registration"]; ok {
			if s, _ := reg.(string); !ValidUUID(s) {
				bad("context.registration %q is not a UUID", s)
			}
		}
		for _, k := range []string{"revision", "platform"} {
			if v, ok := ctx[k]; ok {
				if s, _ := v.(string); s == "" {
					bad("context.%s is empty", k)
				}
				if object["objectType"] != "Activity" {
					bad("context.%s is only allowed when the object is an Activity", k)
				}
			}
		}
		if v, ok := ctx["language"]; ok {
			if s, _ := v.(string); !languageTag.MatchString(s) {
				bad("context.language %q is not a language tag", s)
			}
		}
		if v, ok := ctx["contextActivities"]; ok {
			ca, _ := v.(map[string]any)
			only(ca, "context.contextActivities", bad, "parent", "grouping", "category", "other")
			for k, list := range ca {
				items, ok := list.([]any)
				if !ok || len(items) == 0 {
					bad("context.contextActivities.%s is not a non-empty array", k)
				}
				for i, item := range items {
					a, _ := item.(map[string]any)
					activityObject(a, fmt.Sprintf("context.contextActivities.%s[%d]", k, i), bad)
				}
			}
		}
	}
	return problems
}

// activityObject checks an Activity and its definition.
func activityObject(a map[string]any, where string, bad func(string, ...any)) {
	only(a, where, bad, "objectType", "id", "definition")
	if ot, ok := a["objectType"]; ok && ot != "Activity" {
		bad("%s.objectType = %v, want Activity", where, ot)
	}
	if id, _ := a["id"].(string); !absolute(id) {
		bad("%s.id %q is not an absolute IRI", where, id)
	}
	d, ok := a["definition"]
	if !ok {
		return
	}
	def, _ := d.(map[string]any)
	only(def, where+".definition", bad, "name", "description", "type", "moreInfo", "extensions",
		"interactionType", "correctResponsesPattern", "choices", "scale", "source", "target", "steps")
	if v, ok := def["name"]; ok {
		languageMap(v, where+".definition.name", true, bad)
	}
	if v, ok := def["description"]; ok {
		languageMap(v, where+".definition.description", true, bad)
	}
	if v, ok := def["type"]; ok {
		if s, _ := v.(string); !absolute(s) {
			bad("%s.definition.type %q is not an absolute IRI", where, s)
		}
	}
	it, hasInteraction := def["interactionType"]
	if hasInteraction {
		valid := []any{"true-false", "choice", "fill-in", "long-fill-in", "matching", "performance", "sequencing",
			"likert", "numeric", "other"}
		if !slices.Contains(valid, it) {
			bad("%s.definition.interactionType %v is not an xAPI interaction type", where, it)
		}
		if def["type"] != "http://adlnet.gov/expapi/activities/cmi.interaction" {
			bad("%s: an interaction's type should be cmi.interaction, not %v", where, def["type"])
		}
	}
	ids := map[string]bool{}
	if v, ok := def["choices"]; ok {
		if it != "choice" && it != "sequencing" {
			bad("%s.definition.choices on interaction type %v", where, it)
		}
		list, _ := v.([]any)
		for i, c := range list {
			comp, _ := c.(map[string]any)
			only(comp, fmt.Sprintf("%s.choices[%d]", where, i), bad, "id", "description")
			id, _ := comp["id"].(string)
			if id == "" || ids[id] || strings.ContainsAny(id, "[], ") {
				bad("%s.choices[%d].id %q is empty, repeated or unsafe", where, i, id)
			}
			ids[id] = true
			languageMap(comp["description"], fmt.Sprintf("%s.choices[%d].description", where, i), true, bad)
		}
	}
	if v, ok := def["correctResponsesPattern"]; ok {
		if !hasInteraction {
			bad("%s: correctResponsesPattern without an interactionType", where)
		}
		list, _ := v.([]any)
		for _, p := range list {
			s, _ := p.(string)
			for _, id := range strings.Split(s, "[,]") {
				if len(ids) > 0 && !ids[id] {
					bad("%s: correct response %q names no choice", where, id)
				}
			}
		}
	}
}

// only reports properties of m other than the allowed ones.
func only(m map[string]any, where string, bad func(string, ...any), allowed ...string) {
	if m == nil {
		bad("%s is missing or not an object", where)
		return
	}
	for k := range m {
		if !slices.Contains(allowed, k) {
			bad("%s has a property %q the spec does not define", where, k)
		}
	}
}

func languageMap(v any, where string, required bool, bad func(string, ...any)) {
	m, ok := v.(map[string]any)
	if !ok || (required && len(m) == 0) {
		bad("%s is not a non-empty language map", where)
		return
	}
	for tag, text := range m {
		if !languageTag.MatchString(tag) {
			bad("%s: %q is not an RFC 5646 language tag", where, tag)
		}
		if s, _ := text.(string); s == "" {
			bad("%s[%s] is empty", where, tag)
		}
	}
}

var (
	// languageTag is the common shape of an RFC 5646 tag ("en-GB").
	languageTag = regexp.MustCompile(`^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$`)
	// DurationPattern is the grammar of an ISO 8601 duration as xAPI uses it.
	DurationPattern = regexp.MustCompile(`^P(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$`)
	canonicalUUID   = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
)

// ValidUUID says whether s is a UUID in canonical lowercase form, with a
// defined version (1 to 8) and the RFC 9562 variant.
func ValidUUID(s string) bool { return canonicalUUID.MatchString(s) }

func absolute(s string) bool {
	u, err := url.Parse(s)
	return err == nil && u.IsAbs() && u.Host != ""
}
