package batch

import (
	"crypto/rand"
	"math/big"
	"strings"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
)

func TestParseWitnessRejectsAWrongLengthAndNonCanonicalElements(t *testing.T) {
	v := vectorNamed(t, "finalise-update")
	data := witnessOf(t, v).Bytes()

	if _, err := ParseWitness(1, data[:len(data)-1]); err == nil || !strings.Contains(err.Error(), "want 4160") {
		t.Fatalf("a truncated witness: %v", err)
	}
	if _, err := ParseWitness(4, data); err == nil {
		t.Fatal("a 1-slot witness parsed as 4 slots")
	}
	bad := append([]byte(nil), data...)
	modulus := fr.Modulus().Bytes() // r itself is not canonical
	copy(bad[32*HeaderElements(1)+32*iNonce:], modulus)
	if _, err := ParseWitness(1, bad); err == nil || !strings.Contains(err.Error(), "element") {
		t.Fatalf("a non-canonical element: %v", err)
	}
}

func TestWitnessBytesRoundTrip(t *testing.T) {
	v := vectorNamed(t, "several-transactions-and-an-empty-slot")
	w := witnessOf(t, v)
	again, err := ParseWitness(v.Slots, w.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if again.PublicInput() != w.PublicInput() || string(again.PublicBytes()) != string(w.PublicBytes()) {
		t.Fatal("round trip changed the witness")
	}
}

// An empty slot changes nothing whatever it holds, as long as its booleans are
// booleans and its indices are indices.
func TestAnEmptySlotIsANoOpWhateverItHolds(t *testing.T) {
	w := witnessOf(t, vectorNamed(t, "several-transactions-and-an-empty-slot"))
	slot := w.Slots[3]
	for i := range slot {
		if _, err := slot[i].SetRandom(); err != nil {
			t.Fatal(err)
		}
	}
	small := func(i int, max int64) {
		n, _ := rand.Int(rand.Reader, big.NewInt(max))
		slot[i].SetBigInt(n)
	}
	slot[iType].SetZero()
	small(iCreated, 2)
	small(iRecoveryPending, 2)
	small(iUpdatePending, 2)
	for j := 0; j < MaxGuardians; j++ {
		small(iApproval0+j, 2)
		slot[iVeto0+j].SetZero()
		if slot[iRecoveryPending].IsOne() { // veto bits belong to a pending recovery
			small(iVeto0+j, 2)
		}
	}
	small(iGuardianIndex, 4)
	small(iLeafIndex, 1<<32)
	small(iNewLeafIndex, 1<<32)
	slot[iCreation].SetZero() // a creation comes with UpdateConfig and ApproveRecovery only
	if err := solve(t, w, true); err != nil {
		t.Fatal(err)
	}
}
