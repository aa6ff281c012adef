package batch

import (
	"math/big"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/keystore-rollup/keystore-circuits/hashing"
)

const (
	hTime         = 6
	hOldRoot      = 2
	hOldLeafCount = 4
)

func el(v uint64) fr.Element { return fr.NewElement(v) }

func elBig(v *big.Int) fr.Element {
	var e fr.Element
	e.SetBigInt(v)
	return e
}

var maxU64 = new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 64), big.NewInt(1))

// currentConfigHash recomputes natively the configHash of a slot's opened
// current configuration, as the circuit does.
func currentConfigHash(s []fr.Element) fr.Element {
	gs := chain(DomainGuardians, s[iThreshold:iThreshold+6]...)
	var pr, pu fr.Element
	if s[iRecoveryPending].IsOne() {
		var votes uint64 // approvals + 16·vetoes
		for j := 0; j < MaxGuardians; j++ {
			if s[iApproval0+j].IsOne() {
				votes |= 1 << j
			}
			if s[iVeto0+j].IsOne() {
				votes |= 16 << j
			}
		}
		pr = chain(DomainPendingRecovery, s[iRecoveryOwner], el(votes), s[iRecoveryExec])
	}
	if s[iUpdatePending].IsOne() {
		pu = chain(DomainPendingUpdate, s[iUpdateGs], s[iUpdateRules], s[iUpdateExec])
	}
	return chain(DomainConfig, s[iOwner], gs, s[iRules], s[iNonce], s[iEpoch], pr, pu)
}

// reseal makes slot 0 of an updated account consistent again after its current
// configuration was changed: the leaf holds the new configHash and the batch
// starts from the root that leaf gives. Only the rule under test is then broken.
func reseal(w *Witness) {
	s := w.Slots[0]
	s[iLeaf+2] = currentConfigHash(s)
	leaf := hashing.LeafHash(s[iLeaf], s[iLeaf+1], s[iLeaf+2])
	w.Header[hOldRoot] = hashing.RootFromPath(leaf, s[iLeafIndex].Uint64(), s[iLeafSiblings:iLeafSiblings+hashing.TreeDepth])
}

// ruleCase breaks one rule in a valid Java batch.
type ruleCase struct {
	rule   string // transactions.md reference and reason
	batch  string // vector name
	mutate func(w *Witness)
}

func TestBreakingAnyRuleOfTheStateTransitionFailsTheCircuit(t *testing.T) {
	cases := []ruleCase{
		{"§1 unknown transaction type", "cancel-vetoes-recovery", func(w *Witness) {
			w.Slots[0][iType] = el(5)
		}},
		{"§3 a creation only with UpdateConfig and ApproveRecovery", "cancel-vetoes-recovery", func(w *Witness) {
			w.Slots[0][iCreation] = el(1)
		}},
		{"proof.md §7.4: an account in the tree is not absent (its own leaf is no low leaf)", "cancel-vetoes-recovery", func(w *Witness) {
			w.Slots[0][iCreated] = el(1)
		}},
		{"§6 INVALID_TIME: time + MAX_RECOVERY_DELAY is not a u64", "finalise-update", func(w *Witness) {
			w.Header[hTime] = elBig(new(big.Int).Sub(maxU64, big.NewInt(MaxRecoveryDelay-1)))
		}},
		{"§6.2 INVALID_CONFIG: threshold above the guardian count", "update-rotates-owner-and-requests-update", func(w *Witness) {
			w.Slots[0][iNewThreshold] = el(4)
		}},
		{"§6.2 INVALID_CONFIG: threshold 0 with guardians", "update-rotates-owner-and-requests-update", func(w *Witness) {
			w.Slots[0][iNewThreshold] = el(0)
		}},
		{"§6.2 INVALID_CONFIG: delay under one hour", "update-rotates-owner-and-requests-update", func(w *Witness) {
			w.Slots[0][iNewDelay] = el(MinRecoveryDelay - 1)
		}},
		{"§6.2 INVALID_CONFIG: delay over 30 days", "update-rotates-owner-and-requests-update", func(w *Witness) {
			w.Slots[0][iNewDelay] = el(MaxRecoveryDelay + 1)
		}},
		{"§6.2 INVALID_CONFIG: a guardian twice", "update-rotates-owner-and-requests-update", func(w *Witness) {
			w.Slots[0][iNewGuardian0+2] = w.Slots[0][iNewGuardian0]
		}},
		{"§6.2 INVALID_CONFIG: a gap between guardians", "update-rotates-owner-and-requests-update", func(w *Witness) {
			w.Slots[0][iNewGuardian0+1] = el(0)
		}},
		{"§6.2 COUNTER_OVERFLOW: nonce at its maximum", "update-rotates-owner-and-requests-update", func(w *Witness) {
			w.Slots[0][iNonce] = elBig(maxU64)
			reseal(w)
		}},
		{"§6.3 NOT_A_GUARDIAN: the index names an empty guardian slot", "approve-proposes-recovery", func(w *Witness) {
			w.Slots[0][iGuardianIndex] = el(3)
		}},
		{"§6.3 DUPLICATE_APPROVAL", "approve-reaches-threshold-and-drops-update", func(w *Witness) {
			w.Slots[0][iApproval0+2] = el(1)
			reseal(w)
		}},
		{"§6.3 RECOVERY_IN_PROGRESS: another proposal after the threshold", "approve-after-threshold", func(w *Witness) {
			w.Slots[0][iRecoveryOwner] = el(12345)
			reseal(w)
		}},
		{"§6.4 NOTHING_PENDING: cancel without a recovery", "cancel-vetoes-recovery", func(w *Witness) {
			w.Slots[0][iRecoveryPending] = el(0)
			for j := 0; j < MaxGuardians; j++ {
				w.Slots[0][iApproval0+j] = el(0)
			}
			w.Slots[0][iRecoveryOwner], w.Slots[0][iRecoveryExec] = el(0), el(0)
			reseal(w)
		}},
		{"§6.4 COUNTER_OVERFLOW: epoch at its maximum", "cancel-vetoes-recovery", func(w *Witness) {
			w.Slots[0][iEpoch] = elBig(maxU64)
			reseal(w)
		}},
		{"§6.5 DELAY_NOT_PASSED: recovery", "finalise-recovery", func(w *Witness) {
			var before fr.Element
			before.Sub(&w.Slots[0][iRecoveryExec], ptr(el(1)))
			w.Header[hTime] = before
		}},
		{"§6.5 DELAY_NOT_PASSED: a due update never overtakes a recovery past its threshold", "finalise-recovery", func(w *Witness) {
			var before fr.Element
			before.Sub(&w.Slots[0][iRecoveryExec], ptr(el(1)))
			w.Header[hTime] = before
			w.Slots[0][iUpdatePending], w.Slots[0][iUpdateGs], w.Slots[0][iUpdateExec] = el(1), el(7), el(1)
			reseal(w)
		}},
		{"§6.5 DELAY_NOT_PASSED: update", "finalise-update", func(w *Witness) {
			var before fr.Element
			before.Sub(&w.Slots[0][iUpdateExec], ptr(el(1)))
			w.Header[hTime] = before
		}},
		{"§6.5 THRESHOLD_NOT_REACHED", "finalise-recovery", func(w *Witness) {
			w.Slots[0][iRecoveryExec] = el(0)
			reseal(w)
		}},
		{"§6.5 NOTHING_PENDING: finalise", "finalise-update", func(w *Witness) {
			w.Slots[0][iUpdatePending] = el(0)
			w.Slots[0][iUpdateGs], w.Slots[0][iUpdateRules], w.Slots[0][iUpdateExec] = el(0), el(0), el(0)
			reseal(w)
		}},
		{"§6.5 COUNTER_OVERFLOW: epoch at its maximum", "finalise-update", func(w *Witness) {
			w.Slots[0][iEpoch] = elBig(maxU64)
			reseal(w)
		}},
		{"witness.md §2: the leaf is the account's", "finalise-update", func(w *Witness) {
			w.Slots[0][iAccount] = el(42)
		}},
		{"witness.md §2: the leaf holds the current configuration", "finalise-update", func(w *Witness) {
			w.Slots[0][iNonce] = el(99) // not resealed: the leaf keeps the old configHash
		}},
		{"witness.md §4: the new leaf goes to the next free index", "update-creates-account", func(w *Witness) {
			w.Header[hOldLeafCount] = el(2)
		}},
		{"witness.md §3: the slot of the new leaf was empty", "approve-creates-account", func(w *Witness) {
			w.Slots[0][iNewLeafIndex] = el(0)
			w.Header[hOldLeafCount] = el(0)
		}},
	}
	for _, c := range cases {
		t.Run(c.rule, func(t *testing.T) {
			w := sequenced(t, c.batch)
			if err := solve(t, w, false); err != nil {
				t.Fatalf("the unbroken batch %s must pass: %v", c.batch, err)
			}
			c.mutate(w)
			err := solve(t, w, false)
			if err == nil {
				t.Fatal("the circuit accepted a batch that breaks the rule")
			}
			t.Log(err)
		})
	}
}

func ptr(e fr.Element) *fr.Element { return &e }

func TestResealKeepsAValidBatchValid(t *testing.T) {
	w := sequenced(t, "cancel-vetoes-recovery")
	reseal(w)
	if err := solve(t, w, false); err != nil {
		t.Fatal(err)
	}
}
