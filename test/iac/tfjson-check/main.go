// tfjson-check: validates Terraform JSON documents against the format's own Go types
// (github.com/hashicorp/terraform-json). Each file is decoded twice: with tfjson's own
// UnmarshalJSON (which checks format_version), and strictly (unknown fields refused) into
// the same struct types, so a fixture written by hand cannot carry a field the format does
// not have. Prints "ok <file> <kind> <format_version> <resources>" per file; exits 1 on any error.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"

	tfjson "github.com/hashicorp/terraform-json"
)

// Defined types drop tfjson's UnmarshalJSON methods, so the decoder's strictness reaches the fields.
type strictPlan tfjson.Plan
type strictState tfjson.State

func count(module *tfjson.StateModule) int {
	if module == nil {
		return 0
	}
	n := len(module.Resources)
	for _, child := range module.ChildModules {
		n += count(child)
	}
	return n
}

// Top-level fields Terraform's own JSON output has (internal/command/jsonplan) that this
// release of terraform-json does not model yet.
var newerThanTfjson = []string{"applyable", "errored"}

func strict(data []byte, into any) error {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		return err
	}
	for _, key := range newerThanTfjson {
		delete(top, key)
	}
	data, err := json.Marshal(top)
	if err != nil {
		return err
	}
	decoder := json.NewDecoder(bytes.NewReader(data))
	decoder.DisallowUnknownFields()
	return decoder.Decode(into)
}

func check(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(data, &probe); err != nil {
		return err
	}
	_, planned := probe["planned_values"]
	if planned {
		var plan tfjson.Plan
		if err := json.Unmarshal(data, &plan); err != nil {
			return fmt.Errorf("tfjson.Plan: %w", err)
		}
		var sp strictPlan
		if err := strict(data, &sp); err != nil {
			return fmt.Errorf("strict plan: %w", err)
		}
		n := 0
		if plan.PlannedValues != nil {
			n = count(plan.PlannedValues.RootModule)
		}
		fmt.Printf("ok %s plan %s %d\n", path, plan.FormatVersion, n)
		return nil
	}
	var state tfjson.State
	if err := json.Unmarshal(data, &state); err != nil {
		return fmt.Errorf("tfjson.State: %w", err)
	}
	var ss strictState
	if err := strict(data, &ss); err != nil {
		return fmt.Errorf("strict state: %w", err)
	}
	n := 0
	if state.Values != nil {
		n = count(state.Values.RootModule)
	}
	fmt.Printf("ok %s state %s %d\n", path, state.FormatVersion, n)
	return nil
}

func main() {
	failed := false
	for _, path := range os.Args[1:] {
		if err := check(path); err != nil {
			fmt.Printf("FAIL %s: %v\n", path, err)
			failed = true
		}
	}
	if failed {
		os.Exit(1)
	}
}
