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
		pr = chain(DomainPendingRecovery, s[iRecoveryOwner], votesOf(s), s[iRecoveryExec])
	}
	if s[iUpdatePending].IsOne() {
		pu = chain(DomainPendingUpdate, s[iUpdateGs], s[iUpdateRules], s[iUpdateExec])
	}
	return chain(DomainConfig, s[iOwner], gs, s[iRules], s[iNonce], s[iEpoch], pr, pu)
}

// votesOf is the hashed votes element of a slot's pending recovery,
// Σ approval_j·2^j + 16·Σ veto_j·2^j, summed in the field as the circuit does
// (so that a non-boolean bit breaks only the boolean rule).
func votesOf(s []fr.Element) fr.Element {
	var votes fr.Element
	for j := 0; j < MaxGuardians; j++ {
		var a, v fr.Element
		a.Mul(&s[iApproval0+j], ptr(el(1<<j)))
		v.Mul(&s[iVeto0+j], ptr(el(16<<j)))
		votes.Add(&votes, &a)
		votes.Add(&votes, &v)
	}
	return votes
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
	// prepare, when set, first makes the vector into the valid batch the rule
	// is broken in.
	prepare func(t testing.TB, w *Witness)
	// claims: the rule is about the new state, so the header's claims are
	// checked too (prepare claims the right one, mutate a wrong one).
	claims bool
}

func TestBreakingAnyRuleOfTheStateTransitionFailsTheCircuit(t *testing.T) {
	cases := []ruleCase{
		{rule: "§1 unknown transaction type", batch: "cancel-vetoes-recovery", mutate: func(w *Witness) {
			w.Slots[0][iType] = el(5)
		}},
		{rule: "§3 a creation only with UpdateConfig and ApproveRecovery", batch: "cancel-vetoes-recovery", mutate: func(w *Witness) {
			w.Slots[0][iCreation] = el(1)
		}},
		{rule: "proof.md §7.4: an account in the tree is not absent (its own leaf is no low leaf)", batch: "cancel-vetoes-recovery", mutate: func(w *Witness) {
			w.Slots[0][iCreated] = el(1)
		}},
		{rule: "§6 INVALID_TIME: time + MAX_RECOVERY_DELAY is not a u64", batch: "finalise-update", mutate: func(w *Witness) {
			w.Header[hTime] = elBig(new(big.Int).Sub(maxU64, big.NewInt(MaxRecoveryDelay-1)))
		}},
		{rule: "§6.2 INVALID_CONFIG: threshold above the guardian count", batch: "update-rotates-owner-and-requests-update", mutate: func(w *Witness) {
			w.Slots[0][iNewThreshold] = el(4)
		}},
		{rule: "§6.2 INVALID_CONFIG: threshold 0 with guardians", batch: "update-rotates-owner-and-requests-update", mutate: func(w *Witness) {
			w.Slots[0][iNewThreshold] = el(0)
		}},
		{rule: "§6.2 INVALID_CONFIG: delay under one hour", batch: "update-rotates-owner-and-requests-update", mutate: func(w *Witness) {
			w.Slots[0][iNewDelay] = el(MinRecoveryDelay - 1)
		}},
		{rule: "§6.2 INVALID_CONFIG: delay over 30 days", batch: "update-rotates-owner-and-requests-update", mutate: func(w *Witness) {
			w.Slots[0][iNewDelay] = el(MaxRecoveryDelay + 1)
		}},
		{rule: "§6.2 INVALID_CONFIG: a guardian twice", batch: "update-rotates-owner-and-requests-update", mutate: func(w *Witness) {
			w.Slots[0][iNewGuardian0+2] = w.Slots[0][iNewGuardian0]
		}},
		{rule: "§6.2 INVALID_CONFIG: a gap between guardians", batch: "update-rotates-owner-and-requests-update", mutate: func(w *Witness) {
			w.Slots[0][iNewGuardian0+1] = el(0)
		}},
		{rule: "§6.2 COUNTER_OVERFLOW: nonce at its maximum", batch: "update-rotates-owner-and-requests-update", mutate: func(w *Witness) {
			w.Slots[0][iNonce] = elBig(maxU64)
			reseal(w)
		}},
		{rule: "§6.3 NOT_A_GUARDIAN: the index names an empty guardian slot", batch: "approve-proposes-recovery", mutate: func(w *Witness) {
			w.Slots[0][iGuardianIndex] = el(3)
		}},
		{rule: "§6.3 DUPLICATE_APPROVAL", batch: "approve-reaches-threshold-and-drops-update", mutate: func(w *Witness) {
			w.Slots[0][iApproval0+2] = el(1)
			reseal(w)
		}},
		{rule: "§6.3 RECOVERY_IN_PROGRESS: another proposal after the threshold", batch: "approve-after-threshold", mutate: func(w *Witness) {
			w.Slots[0][iRecoveryOwner] = el(12345)
			reseal(w)
		}},
		{rule: "§6.4 NOTHING_PENDING: cancel without a recovery", batch: "cancel-vetoes-recovery", mutate: func(w *Witness) {
			w.Slots[0][iRecoveryPending] = el(0)
			for j := 0; j < MaxGuardians; j++ {
				w.Slots[0][iApproval0+j] = el(0)
			}
			w.Slots[0][iRecoveryOwner], w.Slots[0][iRecoveryExec] = el(0), el(0)
			clearVetoes(w.Slots[0])
			reseal(w)
		}},
		{rule: "§6.4 COUNTER_OVERFLOW: epoch at its maximum", batch: "cancel-vetoes-recovery", mutate: func(w *Witness) {
			w.Slots[0][iEpoch] = elBig(maxU64)
			reseal(w)
		}},
		{rule: "§6.4 GUARDIAN_VETO_REQUIRED: cancel with no veto applied", batch: "cancel-vetoes-recovery", mutate: func(w *Witness) {
			clearVetoes(w.Slots[0])
			reseal(w)
		}},
		{rule: "§6.4 GUARDIAN_VETO_REQUIRED: cancel under the threshold with no veto", batch: "cancel-vetoes-recovery", mutate: func(w *Witness) {
			clearVetoes(w.Slots[0])
			w.Slots[0][iRecoveryExec] = el(0)
			reseal(w)
		}},
		{rule: "§6.3 NOTHING_PENDING: a veto of a recovery under its threshold", batch: "approve-after-threshold", mutate: func(w *Witness) {
			w.Slots[0][iRecoveryExec] = el(0)
			reseal(w)
		}, prepare: vetoPrepared},
		{rule: "§6.3 NOTHING_PENDING: a veto with no recovery pending", batch: "approve-after-threshold", mutate: func(w *Witness) {
			s := w.Slots[0]
			s[iRecoveryPending], s[iRecoveryOwner], s[iRecoveryExec] = el(0), el(0), el(0)
			for j := 0; j < MaxGuardians; j++ {
				s[iApproval0+j] = el(0)
			}
			reseal(w)
		}, prepare: vetoPrepared},
		{rule: "§6.3 DUPLICATE_APPROVAL: a guardian vetoes twice", batch: "approve-after-threshold", mutate: func(w *Witness) {
			w.Slots[0][iVeto0+int(w.Slots[0][iGuardianIndex].Uint64())] = el(1)
			reseal(w)
		}, prepare: vetoPrepared},
		{rule: "§6.3 a veto sets the guardian's approval bit instead of its veto bit", batch: "approve-after-threshold", mutate: func(w *Witness) {
			s := after(w)
			s[iApproval0+int(s[iGuardianIndex].Uint64())] = el(1)
			claimApplied(w, s)
		}, prepare: vetoPrepared, claims: true},
		{rule: "§6.3 a veto also sets the guardian's approval bit", batch: "approve-after-threshold", mutate: func(w *Witness) {
			s := vetoApplied(w)
			s[iApproval0+int(s[iGuardianIndex].Uint64())] = el(1)
			claimApplied(w, s)
		}, prepare: vetoPrepared, claims: true},
		{rule: "§6.3 a veto moves executableAfter", batch: "approve-after-threshold", mutate: func(w *Witness) {
			s := vetoApplied(w)
			s[iRecoveryExec].Add(&w.Header[hTime], &s[iDelay])
			claimApplied(w, s)
		}, prepare: vetoPrepared, claims: true},
		{rule: "§6.3 a veto drops the pending recovery", batch: "approve-after-threshold", mutate: func(w *Witness) {
			s := after(w)
			s[iRecoveryPending] = el(0)
			claimApplied(w, s)
		}, prepare: vetoPrepared, claims: true},
		{rule: "§6.3 a veto replaces the proposal (VETO_KEY proposed)", batch: "approve-after-threshold", mutate: func(w *Witness) {
			s := after(w)
			s[iRecoveryOwner], s[iRecoveryExec] = VetoKeyHash, el(0)
			for j := 0; j < MaxGuardians; j++ {
				s[iApproval0+j] = el(0)
			}
			s[iApproval0+int(s[iGuardianIndex].Uint64())] = el(1)
			claimApplied(w, s)
		}, prepare: vetoPrepared, claims: true},
		{rule: "§6.3 a veto drops the pending update", batch: "approve-after-threshold", mutate: func(w *Witness) {
			s := vetoApplied(w)
			s[iUpdatePending] = el(0)
			claimApplied(w, s)
		}, prepare: vetoPrepared, claims: true},
		{rule: "§6.3 a veto bumps the recovery epoch", batch: "approve-after-threshold", mutate: func(w *Witness) {
			s := vetoApplied(w)
			s[iEpoch].Add(&s[iEpoch], ptr(el(1)))
			claimApplied(w, s)
		}, prepare: vetoPrepared, claims: true},
		{rule: "§6.3 a veto bumps the nonce", batch: "approve-after-threshold", mutate: func(w *Witness) {
			s := vetoApplied(w)
			s[iNonce].Add(&s[iNonce], ptr(el(1)))
			claimApplied(w, s)
		}, prepare: vetoPrepared, claims: true},
		{rule: "§6.3 an approval of the same proposal drops its vetoes", batch: "approve-after-threshold", mutate: func(w *Witness) {
			s := after(w)
			s[iApproval0+int(s[iGuardianIndex].Uint64())] = el(1)
			clearVetoes(s)
			claimApplied(w, s)
		}, prepare: func(t testing.TB, w *Witness) {
			w.Slots[0][iVeto0] = el(1) // guardian 0 vetoed; guardian 1 approves
			reseal(w)
			s := after(w)
			s[iApproval0+int(s[iGuardianIndex].Uint64())] = el(1)
			claimApplied(w, s)
		}, claims: true},
		{rule: "state.md §4.3: veto bits with no recovery pending", batch: "finalise-update", mutate: func(w *Witness) {
			w.Slots[0][iVeto0+2] = el(1)
			reseal(w)
		}},
		{rule: "state.md §4.3: a veto bit is a bit", batch: "cancel-vetoes-recovery", mutate: func(w *Witness) {
			clearVetoes(w.Slots[0])
			w.Slots[0][iVeto0] = el(2) // hashed as guardian 1's veto: only the boolean rule breaks
			reseal(w)
		}},
		{rule: "§6.5 DELAY_NOT_PASSED: recovery", batch: "finalise-recovery", mutate: func(w *Witness) {
			var before fr.Element
			before.Sub(&w.Slots[0][iRecoveryExec], ptr(el(1)))
			w.Header[hTime] = before
		}},
		{rule: "§6.5 DELAY_NOT_PASSED: a due update never overtakes a recovery past its threshold", batch: "finalise-recovery", mutate: func(w *Witness) {
			var before fr.Element
			before.Sub(&w.Slots[0][iRecoveryExec], ptr(el(1)))
			w.Header[hTime] = before
			w.Slots[0][iUpdatePending], w.Slots[0][iUpdateGs], w.Slots[0][iUpdateExec] = el(1), el(7), el(1)
			reseal(w)
		}},
		{rule: "§6.5 DELAY_NOT_PASSED: update", batch: "finalise-update", mutate: func(w *Witness) {
			var before fr.Element
			before.Sub(&w.Slots[0][iUpdateExec], ptr(el(1)))
			w.Header[hTime] = before
		}},
		{rule: "§6.5 THRESHOLD_NOT_REACHED", batch: "finalise-recovery", mutate: func(w *Witness) {
			w.Slots[0][iRecoveryExec] = el(0)
			reseal(w)
		}},
		{rule: "§6.5 NOTHING_PENDING: finalise", batch: "finalise-update", mutate: func(w *Witness) {
			w.Slots[0][iUpdatePending] = el(0)
			w.Slots[0][iUpdateGs], w.Slots[0][iUpdateRules], w.Slots[0][iUpdateExec] = el(0), el(0), el(0)
			reseal(w)
		}},
		{rule: "§6.5 COUNTER_OVERFLOW: epoch at its maximum", batch: "finalise-update", mutate: func(w *Witness) {
			w.Slots[0][iEpoch] = elBig(maxU64)
			reseal(w)
		}},
		{rule: "witness.md §2: the leaf is the account's", batch: "finalise-update", mutate: func(w *Witness) {
			w.Slots[0][iAccount] = el(42)
		}},
		{rule: "witness.md §2: the leaf holds the current configuration", batch: "finalise-update", mutate: func(w *Witness) {
			w.Slots[0][iNonce] = el(99) // not resealed: the leaf keeps the old configHash
		}},
		{rule: "witness.md §4: the new leaf goes to the next free index", batch: "update-creates-account", mutate: func(w *Witness) {
			w.Header[hOldLeafCount] = el(2)
		}},
		{rule: "witness.md §3: the slot of the new leaf was empty", batch: "approve-creates-account", mutate: func(w *Witness) {
			w.Slots[0][iNewLeafIndex] = el(0)
			w.Header[hOldLeafCount] = el(0)
		}},
	}
	for _, c := range cases {
		t.Run(c.rule, func(t *testing.T) {
			w := sequenced(t, c.batch)
			if c.prepare != nil {
				c.prepare(t, w)
			}
			if err := solve(t, w, c.claims); err != nil {
				t.Fatalf("the unbroken batch %s must pass: %v", c.batch, err)
			}
			c.mutate(w)
			err := solve(t, w, c.claims)
			if err == nil {
				t.Fatal("the circuit accepted a batch that breaks the rule")
			}
			t.Log(err)
		})
	}
}

func ptr(e fr.Element) *fr.Element { return &e }

func clearVetoes(s []fr.Element) {
	for j := 0; j < MaxGuardians; j++ {
		s[iVeto0+j] = el(0)
	}
}

// vetoPrepared makes approve-after-threshold a veto (with a pending update
// beside the recovery) and claims its new state.
func vetoPrepared(t testing.TB, w *Witness) { vetoWithUpdate(t, w) }

func TestResealKeepsAValidBatchValid(t *testing.T) {
	w := sequenced(t, "cancel-vetoes-recovery")
	reseal(w)
	if err := solve(t, w, false); err != nil {
		t.Fatal(err)
	}
}
