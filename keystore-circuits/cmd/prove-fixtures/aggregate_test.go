package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestAnAggregateHasAtLeastTwoBatches(t *testing.T) {
	err := aggregated(t.TempDir(), []int{2, 1}, t.TempDir(), "", false)
	if err == nil || !strings.Contains(err.Error(), "at least two batches") {
		t.Fatalf("want a refusal of one batch, got %v", err)
	}
}

func TestTheLockIsExclusive(t *testing.T) {
	path := filepath.Join(t.TempDir(), "agg.lock")
	unlock, err := lock(path)
	if err != nil {
		t.Fatal(err)
	}
	acquired := make(chan func())
	go func() {
		second, err := lock(path) // another open file description: waits for the first
		if err != nil {
			t.Error(err)
		}
		acquired <- second
	}()
	select {
	case <-acquired:
		t.Fatal("the second lock was taken while the first was held")
	case <-time.After(200 * time.Millisecond):
	}
	unlock()
	select {
	case second := <-acquired:
		second()
	case <-time.After(5 * time.Second):
		t.Fatal("the second lock was not taken after the first was released")
	}
}
