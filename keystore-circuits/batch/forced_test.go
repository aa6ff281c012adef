package batch

import (
	"fmt"
	"math/big"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark-crypto/ecc/secp256k1"

	"github.com/keystore-rollup/keystore-circuits/auth"
)

// Force inclusion (proof.md §7): the witnesses below are the Java vectors with
// their first slots marked forced (the header's forced ids set to the slots'
// ids), and, for the rejections, a current configuration changed (and the
// tree resealed) so that one state-dependent rule fails.

// force marks the first n slots forced: forced id j is slot j's id.
func force(w *Witness, n int) {
	for j := 0; j < n; j++ {
		w.SetForcedID(j, w.ForceID(j))
	}
}

// sequenced is the witness of a Java batch whose transactions all pass as the
// sequencer's: its forced ids cleared (every transaction in the batches it is
// used with is applied).
func sequenced(t *testing.T, name string) *Witness {
	t.Helper()
	w := witnessOf(t, vectorNamed(t, name))
	for j := range w.ForcedIDs() {
		w.SetForcedID(j, [32]byte{})
	}
	return w
}

// claimRejected makes a one-slot batch's header claim that slot 0 was
// rejected: the tree unchanged, (0, 0) published, one transaction counted.
func claimRejected(w *Witness) {
	w.Header[HeaderNewRoot] = w.Header[HeaderOldRoot]
	w.Header[HeaderNewLeafCount] = w.Header[HeaderOldLeafCount]
	p := HeaderPublished(len(w.Slots), 0)
	w.Header[p].SetZero()
	w.Header[p+1].SetZero()
	w.Header[HeaderTxCount] = el(1)
}

// ownKey is a key the tests sign with (not the vectors' owners or guardians).
var ownKey = new(big.Int).SetBytes([]byte("keystore-rollup/batch: a prover's own key"))

// sign makes slot i's signature by the private key d over the digest of its
// struct (with its TxCounter), and sets SignerKey to d's public key.
func sign(t testing.TB, w *Witness, i int, d *big.Int) {
	t.Helper()
	s := w.Slots[i]
	var ds [32]byte
	hi, lo := w.Header[0].Bytes(), w.Header[1].Bytes()
	copy(ds[:16], hi[16:])
	copy(ds[16:], lo[16:])
	bi := func(e fr.Element) *big.Int { return e.BigInt(new(big.Int)) }
	account := auth.NativeWord{Value: bi(s[iAccount]), Bits: auth.BitsAddress}
	counter := auth.NativeWord{Value: bi(s[iTxCounter]), Bits: auth.BitsU64}
	var typeHash [32]byte
	var words []auth.NativeWord
	switch s[iType].Uint64() {
	case TypeUpdateConfig:
		c := updateCommitment(s)
		typeHash, words = auth.UpdateConfigTypeHash(), []auth.NativeWord{account, counter, {Value: bi(c), Bits: auth.BitsField}}
	case TypeApproveRecovery:
		typeHash, words = auth.ApproveRecoveryTypeHash(), []auth.NativeWord{account, {Value: bi(s[iProposedOwner]), Bits: auth.BitsField}, counter}
	case TypeCancelRecovery:
		typeHash, words = auth.CancelRecoveryTypeHash(), []auth.NativeWord{account, counter}
	default:
		t.Fatal("slot is not signed")
	}
	digest, err := auth.Digest(ds, typeHash, words)
	if err != nil {
		t.Fatal(err)
	}
	x, y, r, sv := signDigest(d, digest)
	if !auth.Verify(x, y, digest, r, sv) {
		t.Fatal("test signature does not verify")
	}
	for j, v := range []*big.Int{x, y, r, sv} {
		h, l := auth.Halves(v)
		base := iSignerKey + 2*j
		if j >= 2 {
			base = iSignature + 2*(j-2)
		}
		s[base].SetBigInt(h)
		s[base+1].SetBigInt(l)
	}
}

// signDigest is textbook ECDSA with low-s and a nonce derived from the key and
// the digest (test signatures only).
func signDigest(d *big.Int, digest [32]byte) (x, y, r, s *big.Int) {
	n := ecc.SECP256K1.ScalarField()
	h := auth.Keccak256(d.Bytes(), digest[:])
	k := new(big.Int).Mod(new(big.Int).SetBytes(h[:]), n)
	_, g := secp256k1.Generators()
	var pub, rp secp256k1.G1Affine
	pub.ScalarMultiplication(&g, d)
	rp.ScalarMultiplication(&g, k)
	r = new(big.Int).Mod(rp.X.BigInt(new(big.Int)), n)
	s = new(big.Int).Mul(r, d)
	s.Add(s, new(big.Int).SetBytes(digest[:]))
	s.Mul(s, new(big.Int).ModInverse(k, n))
	s.Mod(s, n)
	if s.Cmp(new(big.Int).Rsh(n, 1)) > 0 {
		s.Sub(n, s)
	}
	return pub.X.BigInt(new(big.Int)), pub.Y.BigInt(new(big.Int)), r, s
}

// keyHashOf is keyHash(d·G) (state.md §3).
func keyHashOf(d *big.Int) fr.Element {
	_, g := secp256k1.Generators()
	var pub secp256k1.G1Affine
	pub.ScalarMultiplication(&g, d)
	xs := []fr.Element{el(KeySchemeSecp256k1)}
	for _, v := range []*big.Int{pub.X.BigInt(new(big.Int)), pub.Y.BigInt(new(big.Int))} {
		h, l := auth.Halves(v)
		xs = append(xs, elBig(h), elBig(l))
	}
	return chain(DomainKey, xs...)
}

func mustPass(t *testing.T, w *Witness, claims bool, what string) {
	t.Helper()
	if err := solve(t, w, claims); err != nil {
		t.Fatalf("%s: the circuit refused it: %v", what, err)
	}
}

func mustFail(t *testing.T, w *Witness, claims bool, what string) {
	t.Helper()
	if err := solve(t, w, claims); err == nil {
		t.Fatalf("%s: the circuit accepted it", what)
	}
}

func clone(w *Witness) *Witness {
	c := &Witness{Header: append([]fr.Element(nil), w.Header...)}
	for _, s := range w.Slots {
		c.Slots = append(c.Slots, append([]fr.Element(nil), s...))
	}
	return c
}

func TestAForcedValidTransactionIsAppliedAsAnyOther(t *testing.T) {
	for _, v := range loadBatchVectors(t) {
		if v.Slots != 1 || len(v.Types) == 0 || len(v.Forced) > 0 {
			continue // the Java forced batches are solved as they are by the vectors test
		}
		t.Run(v.Name, func(t *testing.T) {
			w := witnessOf(t, v)
			force(w, 1)
			if w.ForcedCount() != 1 {
				t.Fatal("the forced id is zero")
			}
			mustPass(t, w, true, "a valid forced transaction, applied")
		})
	}
}

func TestForcedTransactionsComeFirstInABatchWithOthers(t *testing.T) {
	w := sequenced(t, "several-transactions-and-an-empty-slot")
	force(w, 2)
	mustPass(t, w, true, "slots 0 and 1 forced, slot 2 not")
}

// rejection is a state in which a forced transaction breaks one
// state-dependent rule (transactions.md §6.7).
type rejection struct {
	reason string
	batch  string
	mutate func(t *testing.T, w *Witness)
}

func rejections() []rejection {
	s0 := func(w *Witness) []fr.Element { return w.Slots[0] }
	return []rejection{
		{"BAD_NONCE: UpdateConfig after the nonce moved on", "update-rotates-owner-and-requests-update", func(t *testing.T, w *Witness) {
			s0(w)[iNonce].Add(&s0(w)[iNonce], ptr(el(1)))
			reseal(w)
		}},
		{"BAD_NONCE: CancelRecovery", "cancel-vetoes-recovery", func(t *testing.T, w *Witness) {
			s0(w)[iNonce].Add(&s0(w)[iNonce], ptr(el(1)))
			reseal(w)
		}},
		{"BAD_RECOVERY_EPOCH", "approve-proposes-recovery", func(t *testing.T, w *Witness) {
			s0(w)[iEpoch].Add(&s0(w)[iEpoch], ptr(el(1)))
			reseal(w)
		}},
		{"WRONG_SIGNER: UpdateConfig after the owner was rotated", "update-rotates-owner-and-requests-update", func(t *testing.T, w *Witness) {
			s0(w)[iOwner] = el(777)
			reseal(w)
		}},
		{"WRONG_SIGNER: CancelRecovery signed by another key", "cancel-vetoes-recovery", func(t *testing.T, w *Witness) {
			sign(t, w, 0, ownKey)
		}},
		{"WRONG_SIGNER: ApproveRecovery by a replaced guardian", "approve-proposes-recovery", func(t *testing.T, w *Witness) {
			gi := s0(w)[iGuardianIndex].Uint64()
			s0(w)[iGuardian0+int(gi)] = el(778)
			reseal(w)
		}},
		{"NOT_A_GUARDIAN: the index names an empty guardian slot", "approve-proposes-recovery", func(t *testing.T, w *Witness) {
			gi := s0(w)[iGuardianIndex].Uint64()
			s0(w)[iGuardian0+int(gi)] = el(0)
			reseal(w)
		}},
		{"COUNTER_OVERFLOW: UpdateConfig at the maximum nonce", "update-rotates-owner-and-requests-update", func(t *testing.T, w *Witness) {
			s0(w)[iOwner] = keyHashOf(ownKey)
			s0(w)[iNonce], s0(w)[iTxCounter] = elBig(maxU64), elBig(maxU64)
			reseal(w)
			sign(t, w, 0, ownKey)
		}},
		{"COUNTER_OVERFLOW: CancelRecovery at the maximum epoch", "cancel-vetoes-recovery", func(t *testing.T, w *Witness) {
			s0(w)[iEpoch] = elBig(maxU64)
			reseal(w)
		}},
		{"COUNTER_OVERFLOW: FinaliseRecovery at the maximum epoch", "finalise-update", func(t *testing.T, w *Witness) {
			s0(w)[iEpoch] = elBig(maxU64)
			reseal(w)
		}},
		{"DUPLICATE_APPROVAL", "approve-reaches-threshold-and-drops-update", func(t *testing.T, w *Witness) {
			gi := s0(w)[iGuardianIndex].Uint64()
			s0(w)[iApproval0+int(gi)] = el(1)
			reseal(w)
		}},
		{"RECOVERY_IN_PROGRESS: another proposal reached its threshold", "approve-after-threshold", func(t *testing.T, w *Witness) {
			s0(w)[iRecoveryOwner] = el(12345)
			reseal(w)
		}},
		{"THRESHOLD_NOT_REACHED", "finalise-recovery", func(t *testing.T, w *Witness) {
			s0(w)[iRecoveryExec] = el(0)
			reseal(w)
		}},
		{"DELAY_NOT_PASSED: recovery", "finalise-recovery", func(t *testing.T, w *Witness) {
			w.Header[hTime].Sub(&s0(w)[iRecoveryExec], ptr(el(1)))
		}},
		{"DELAY_NOT_PASSED: a due update never overtakes a recovery past its threshold", "finalise-recovery", func(t *testing.T, w *Witness) {
			w.Header[hTime].Sub(&s0(w)[iRecoveryExec], ptr(el(1)))
			s0(w)[iUpdatePending], s0(w)[iUpdateGs], s0(w)[iUpdateExec] = el(1), el(7), el(1)
			reseal(w)
		}},
		{"DELAY_NOT_PASSED: update", "finalise-update", func(t *testing.T, w *Witness) {
			w.Header[hTime].Sub(&s0(w)[iUpdateExec], ptr(el(1)))
		}},
		{"NOTHING_PENDING: CancelRecovery", "cancel-vetoes-recovery", func(t *testing.T, w *Witness) {
			s := s0(w)
			s[iRecoveryPending], s[iRecoveryOwner], s[iRecoveryExec] = el(0), el(0), el(0)
			for j := 0; j < MaxGuardians; j++ {
				s[iApproval0+j] = el(0)
			}
			clearVetoes(s)
			reseal(w)
		}},
		{"GUARDIAN_VETO_REQUIRED: CancelRecovery by the owner key alone (a thief)", "cancel-vetoes-recovery", func(t *testing.T, w *Witness) {
			clearVetoes(s0(w))
			reseal(w)
		}},
		{"NOTHING_PENDING: a veto of a recovery under its threshold", "approve-after-threshold", func(t *testing.T, w *Witness) {
			makeVeto(t, w)
			s0(w)[iRecoveryExec] = el(0)
			reseal(w)
		}},
		{"DUPLICATE_APPROVAL: a guardian's second veto", "approve-after-threshold", func(t *testing.T, w *Witness) {
			makeVeto(t, w)
			s0(w)[iVeto0+int(s0(w)[iGuardianIndex].Uint64())] = el(1)
			reseal(w)
		}},
		{"NOTHING_PENDING: FinaliseRecovery", "finalise-update", func(t *testing.T, w *Witness) {
			s := s0(w)
			s[iUpdatePending], s[iUpdateGs], s[iUpdateRules], s[iUpdateExec] = el(0), el(0), el(0), el(0)
			reseal(w)
		}},
		{"ACCOUNT_EXISTS: a creation for an account in the tree", "update-rotates-owner-and-requests-update", func(t *testing.T, w *Witness) {
			s0(w)[iCreation] = el(12345)
		}},
		{"ACCOUNT_NOT_FOUND: UpdateConfig without its creation", "update-creates-account", func(t *testing.T, w *Witness) {
			s0(w)[iCreation] = el(0)
		}},
		{"ACCOUNT_NOT_FOUND: FinaliseRecovery of an absent account", "update-creates-account", func(t *testing.T, w *Witness) {
			s := s0(w)
			s[iType], s[iCreation], s[iTxCounter] = el(TypeFinaliseRecovery), el(0), el(0)
		}},
		{"ACCOUNT_NOT_FOUND: account 0, the sentinel's key", "update-creates-account", func(t *testing.T, w *Witness) {
			s := s0(w)
			if !s[iLeaf].IsZero() {
				t.Fatal("the low leaf is not the sentinel")
			}
			s[iType], s[iAccount], s[iCreation], s[iTxCounter] = el(TypeFinaliseRecovery), el(0), el(0), el(0)
		}},
	}
}

// For every state-dependent rule: a sequencer's transaction that breaks it is
// refused; a forced one is rejected (the tree unchanged, (0, 0) published),
// and neither claimed applied nor left without its forced id.
func TestAForcedTransactionThatBreaksAStateRuleIsRejectedByProof(t *testing.T) {
	for _, c := range rejections() {
		t.Run(c.reason, func(t *testing.T) {
			w := sequenced(t, c.batch)
			c.mutate(t, w)
			mustFail(t, w, false, "a sequencer transaction that breaks the rule")

			applied := clone(w)
			force(applied, 1)
			mustFail(t, applied, true, "a forced transaction that breaks the rule, claimed applied")

			rejected := clone(applied)
			claimRejected(rejected)
			mustPass(t, rejected, true, "a forced transaction that breaks the rule, rejected")

			unforced := clone(w)
			claimRejected(unforced)
			mustFail(t, unforced, true, "a rejection without a forced id")
		})
	}
}

func TestAForcedValidTransactionClaimedRejectedIsRefused(t *testing.T) {
	for _, name := range []string{"update-creates-account", "approve-proposes-recovery", "finalise-update"} {
		w := sequenced(t, name)
		force(w, 1)
		claimRejected(w)
		mustFail(t, w, true, name+" forced and valid, claimed rejected")
	}
}

func TestAForcedSlotWhoseIdDoesNotMatchIsRefused(t *testing.T) {
	w := sequenced(t, "update-rotates-owner-and-requests-update")
	id := w.ForceID(0)
	for _, at := range []int{0, 2, 12, 31} { // the high half, the type, the account, the low half
		bad := clone(w)
		wrong := id
		wrong[at] ^= 1
		bad.SetForcedID(0, wrong)
		mustFail(t, bad, true, fmt.Sprintf("a forced id with byte %d changed", at))
	}
}

// The id binds the creation: a prover cannot drop it and claim ACCOUNT_NOT_FOUND.
func TestAProverCannotDropTheCreationOfAForcedTransaction(t *testing.T) {
	w := sequenced(t, "update-creates-account")
	force(w, 1)
	mustPass(t, w, true, "the forced creation, applied")
	w.Slots[0][iCreation] = el(0)
	claimRejected(w)
	mustFail(t, w, true, "the forced creation dropped and claimed ACCOUNT_NOT_FOUND")
}

// The swapped-signer-key attack: for a forced transaction that is valid, the
// prover signs the digest with its own key and puts that key in the slot, so
// that the slot looks like WRONG_SIGNER. The forced id binds the signer's key
// (w3), so the slot no longer matches it.
func TestAProverCannotSwapInItsOwnSignerKeyToRejectAForcedTransaction(t *testing.T) {
	w := sequenced(t, "cancel-vetoes-recovery")
	force(w, 1) // the id of the transaction as queued, with the owner's key
	mustPass(t, w, true, "the forced transaction, applied")

	attack := clone(w)
	sign(t, attack, 0, ownKey)
	claimRejected(attack)
	mustFail(t, attack, true, "the forced transaction re-signed by the prover and claimed rejected")

	// The same slot is a genuine WRONG_SIGNER rejection when it was queued so.
	queued := clone(attack)
	force(queued, 1)
	mustPass(t, queued, true, "a forced transaction queued with another key, rejected")
}

func TestForcedIdsMustFormAPrefix(t *testing.T) {
	w := sequenced(t, "several-transactions-and-an-empty-slot")
	w.SetForcedID(1, w.ForceID(1))
	mustFail(t, w, true, "slot 1 forced, slot 0 not")
}

func TestAForcedSlotIsNotEmpty(t *testing.T) {
	w := sequenced(t, "several-transactions-and-an-empty-slot")
	if w.Slots[3][iType].Uint64() != TypeEmpty {
		t.Fatal("slot 3 is not empty")
	}
	force(w, 4) // slot 3's "id" is the id of its zeros
	mustFail(t, w, true, "an empty slot forced")
	w.SetForcedID(3, [32]byte{})
	mustPass(t, w, true, "the first three forced")
}

func TestARejectedSlotDoesNotChangeTheTree(t *testing.T) {
	base := sequenced(t, "update-creates-account")
	base.Slots[0][iCreation] = el(0) // ACCOUNT_NOT_FOUND
	force(base, 1)

	inserted := clone(base) // the original claims: the account inserted, its pair published
	mustFail(t, inserted, true, "a rejected slot claiming its insertion")

	rootOnly := clone(base)
	claimRejected(rootOnly)
	rootOnly.Header[HeaderNewRoot] = base.Header[HeaderNewRoot]
	mustFail(t, rootOnly, true, "a rejected slot that changes the root")

	countOnly := clone(base)
	claimRejected(countOnly)
	countOnly.Header[HeaderNewLeafCount] = base.Header[HeaderNewLeafCount]
	mustFail(t, countOnly, true, "a rejected slot that adds a leaf")

	published := clone(base)
	claimRejected(published)
	p := HeaderPublished(1, 0)
	published.Header[p], published.Header[p+1] = base.Header[p], base.Header[p+1]
	mustFail(t, published, true, "a rejected slot that publishes a pair")

	uncounted := clone(base)
	claimRejected(uncounted)
	uncounted.Header[HeaderTxCount] = el(0)
	mustFail(t, uncounted, true, "a rejected slot not counted in txCount")
}

func TestForceIDMatchesItsDefinition(t *testing.T) {
	w := sequenced(t, "approve-proposes-recovery")
	s := w.Slots[0]
	var w1 [32]byte
	w1[2] = TypeApproveRecovery
	w1[3] = byte(s[iGuardianIndex].Uint64())
	c := s[iTxCounter].Bytes()
	copy(w1[4:12], c[24:])
	a := s[iAccount].Bytes()
	copy(w1[12:], a[12:])
	w2 := s[iProposedOwner].Bytes()
	keyHash := chain(DomainKey, append([]fr.Element{el(KeySchemeSecp256k1)}, s[iSignerKey:iSignerKey+4]...)...)
	w3 := keyHash.Bytes()
	var w4 [32]byte
	if got, want := w.ForceID(0), auth.Keccak256(w1[:], w2[:], w3[:], w4[:]); got != want {
		t.Fatalf("ForceID %x, want %x", got, want)
	}
}
