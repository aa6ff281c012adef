package batch

import (
	"encoding/json"
	"math/big"
	"os"
	"strings"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark-crypto/ecc/secp256k1"

	"github.com/keystore-rollup/keystore-circuits/hashing"
	"github.com/keystore-rollup/keystore-circuits/internal/vectors"
)

// Guardian vetoes (issue 17; transactions.md §6.3, §6.4): a veto is an
// ApproveRecovery of VETO_KEY (the secp256k1 generator) by a guardian, valid
// only while a recovery at its threshold is pending; CancelRecovery needs one.
// The witnesses here are Java vectors made into vetoes by hand (makeVeto).

// vetoKeyHashHex is VETO_KEY_HASH as docs/spec/state.md §3 gives it.
const vetoKeyHashHex = "0x1f1b9100391020cb980175c89dec54a990a1497298a2d82c60d0447393101efd"

func TestVetoKeyHashIsTheKeyHashOfTheGenerator(t *testing.T) {
	if got := keyHashOf(big.NewInt(1)); !got.Equal(&VetoKeyHash) {
		t.Fatalf("keyHash(1·G) = %s, VetoKeyHash %s", got.String(), VetoKeyHash.String())
	}
	_, g := secp256k1.Generators()
	x, y := g.X.BigInt(new(big.Int)), g.Y.BigInt(new(big.Int))
	if x.Text(16) != "79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798" ||
		y.Text(16) != "483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8" {
		t.Fatalf("G = (%x, %x)", x, y)
	}
	var want fr.Element
	if _, err := want.SetString(vetoKeyHashHex); err != nil {
		t.Fatal(err)
	}
	if !VetoKeyHash.Equal(&want) {
		b := VetoKeyHash.Bytes()
		t.Fatalf("VetoKeyHash 0x%x, spec %s", b, vetoKeyHashHex)
	}

	// The Java reference writes it into the state vectors.
	path, err := vectors.Find("keystore-state-v1.json")
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		VetoKey struct {
			KeyHash string `json:"keyHash"`
		} `json:"vetoKey"`
	}
	if err := json.Unmarshal(data, &file); err != nil {
		t.Fatal(err)
	}
	if !strings.EqualFold(file.VetoKey.KeyHash, vetoKeyHashHex) {
		t.Fatalf("vetoKey.keyHash %q in %s, want %s", file.VetoKey.KeyHash, path, vetoKeyHashHex)
	}
}

// guardianKey is a key the tests make a guardian of (not the vectors').
var guardianKey = new(big.Int).SetBytes([]byte("keystore-rollup/batch: a guardian's own key"))

// makeVeto turns a one-slot ApproveRecovery of a recovery past its threshold
// (approve-after-threshold) into its guardian's veto: the guardian's key
// replaced by guardianKey (the tree resealed) and the transaction signed over
// VETO_KEY_HASH.
func makeVeto(t testing.TB, w *Witness) {
	t.Helper()
	s := w.Slots[0]
	if s[iType].Uint64() != TypeApproveRecovery || !s[iRecoveryPending].IsOne() || s[iRecoveryExec].IsZero() {
		t.Fatal("not an approval of a recovery past its threshold")
	}
	s[iGuardian0+int(s[iGuardianIndex].Uint64())] = keyHashOf(guardianKey)
	s[iProposedOwner] = VetoKeyHash
	reseal(w)
	sign(t, w, 0, guardianKey)
}

// after is a copy of slot 0's elements, whose current configuration the
// caller changes into the claimed new one.
func after(w *Witness) []fr.Element { return append([]fr.Element(nil), w.Slots[0]...) }

// claimApplied makes a one-slot batch's header claim that slot 0, an account
// in the tree, was applied: its leaf holds the configuration of s (the current
// configuration of a slot's elements, see after), which is published.
func claimApplied(w *Witness, s []fr.Element) {
	cfg := currentConfigHash(s)
	slot := w.Slots[0]
	leaf := hashing.LeafHash(slot[iLeaf], slot[iLeaf+1], cfg)
	w.Header[HeaderNewRoot] = hashing.RootFromPath(leaf, slot[iLeafIndex].Uint64(), slot[iLeafSiblings:iLeafSiblings+hashing.TreeDepth])
	w.Header[HeaderNewLeafCount] = w.Header[HeaderOldLeafCount]
	p := HeaderPublished(len(w.Slots), 0)
	w.Header[p], w.Header[p+1] = slot[iAccount], cfg
	w.Header[HeaderTxCount] = el(1)
}

// vetoApplied is the new state of an applied veto in slot 0: its guardian's
// veto bit set, everything else as it was.
func vetoApplied(w *Witness) []fr.Element {
	s := after(w)
	s[iVeto0+int(s[iGuardianIndex].Uint64())] = el(1)
	return s
}

// vetoWithUpdate is makeVeto over a configuration that also has a pending
// update, with the veto's new state claimed.
func vetoWithUpdate(t testing.TB, w *Witness) {
	s := w.Slots[0]
	s[iUpdatePending], s[iUpdateGs], s[iUpdateRules], s[iUpdateExec] = el(1), el(7), el(8), el(9)
	makeVeto(t, w)
	claimApplied(w, vetoApplied(w))
}

func TestAVetoAppliedKeepsTheRecoveryAndSetsItsBit(t *testing.T) {
	w := sequenced(t, "approve-after-threshold")
	vetoWithUpdate(t, w)
	mustPass(t, w, true, "a veto, applied")

	// The veto bits are in the hashed votes: a second guardian's veto.
	second := clone(w)
	s := second.Slots[0]
	s[iVeto0] = el(1) // guardian 0 vetoed first
	if s[iGuardianIndex].Uint64() == 0 {
		t.Fatal("the vetoing guardian is guardian 0")
	}
	reseal(second)
	claimApplied(second, vetoApplied(second))
	mustPass(t, second, true, "a second guardian's veto, applied")
}

// The thief holds the owner key only: a cancel it signs is rejected by proof
// (GUARDIAN_VETO_REQUIRED) when it is forced and cannot be claimed applied;
// once a guardian vetoed, the owner's cancel applies.
func TestTheOwnerKeyAloneCannotCancelARecovery(t *testing.T) {
	w := sequenced(t, "cancel-vetoes-recovery")
	s := w.Slots[0]
	for j := 0; j < MaxGuardians; j++ {
		s[iVeto0+j] = el(0)
	}
	reseal(w)
	force(w, 1)
	cancelled := after(w)
	cancelled[iRecoveryPending], cancelled[iRecoveryOwner], cancelled[iRecoveryExec] = el(0), el(0), el(0)
	cancelled[iNonce].Add(&cancelled[iNonce], ptr(el(1)))
	cancelled[iEpoch].Add(&cancelled[iEpoch], ptr(el(1)))

	applied := clone(w)
	claimApplied(applied, cancelled)
	mustFail(t, applied, true, "the thief's cancel without a veto, claimed applied")

	rejected := clone(w)
	claimRejected(rejected)
	mustPass(t, rejected, true, "the thief's cancel without a veto, rejected")

	vetoed := clone(w)
	vetoed.Slots[0][iVeto0+1] = el(1)
	reseal(vetoed)
	force(vetoed, 1)
	claimApplied(vetoed, cancelled)
	mustPass(t, vetoed, true, "the owner's cancel after a guardian's veto, applied")
}

// thiefCannotStall are the Java batches of issue 17's scenario, in order: the
// thief (with the owner key) rotates it and asks for weaker settings while two
// guardians reach the threshold; the thief's forced cancel is rejected
// (GUARDIAN_VETO_REQUIRED); after the delay the recovery is finalised.
var thiefCannotStall = []string{
	"thief-cannot-stall-rotation-and-threshold",
	"thief-cannot-stall-cancel-rejected",
	"thief-cannot-stall",
}

func TestThiefCannotStallRecovery(t *testing.T) {
	var ws []*Witness
	for _, name := range thiefCannotStall {
		v := vectorNamed(t, name)
		if v.Slots > largeSlots {
			t.Fatalf("%s: %d slots", name, v.Slots)
		}
		w := witnessOf(t, v)
		checkForcedIDs(t, v, w)
		mustPass(t, w, true, name)
		if n := len(ws); n > 0 && !ws[n-1].Header[HeaderNewRoot].Equal(&w.Header[HeaderOldRoot]) {
			t.Fatalf("%s does not start from the root %s ends with", name, thiefCannotStall[n-1])
		}
		ws = append(ws, w)
	}

	// The thief's cancel: forced, signed by the key that is the owner's, with
	// the recovery at its threshold and no veto; rejected, so the tree is
	// unchanged.
	cancel := ws[1]
	s := cancel.Slots[0]
	if s[iType].Uint64() != TypeCancelRecovery || cancel.ForcedCount() != 1 {
		t.Fatal("the thief's batch is not one forced cancel")
	}
	if !s[iRecoveryPending].IsOne() || s[iRecoveryExec].IsZero() {
		t.Fatal("no recovery at its threshold")
	}
	for j := 0; j < MaxGuardians; j++ {
		if !s[iVeto0+j].IsZero() {
			t.Fatalf("guardian %d vetoed", j)
		}
	}
	if keyHash := chain(DomainKey, append([]fr.Element{el(KeySchemeSecp256k1)}, s[iSignerKey:iSignerKey+4]...)...); !keyHash.Equal(&s[iOwner]) {
		t.Fatal("the cancel is not signed by the owner key")
	}
	if !cancel.Header[HeaderNewRoot].Equal(&cancel.Header[HeaderOldRoot]) {
		t.Fatal("the rejected cancel changed the tree")
	}

	// A proof that claims it applied (the recovery dropped, nonce and epoch
	// bumped) does not exist.
	cancelled := after(cancel)
	cancelled[iRecoveryPending] = el(0)
	cancelled[iNonce].Add(&cancelled[iNonce], ptr(el(1)))
	cancelled[iEpoch].Add(&cancelled[iEpoch], ptr(el(1)))
	applied := clone(cancel)
	claimApplied(applied, cancelled)
	mustFail(t, applied, true, "the thief's cancel claimed applied")

	// Nor one that leaves it out: a forced slot holds its transaction.
	dropped := clone(cancel)
	dropped.Slots[0][iType] = el(TypeEmpty)
	dropped.Header[HeaderTxCount] = el(0)
	mustFail(t, dropped, true, "the thief's forced cancel left out")

	// With a guardian's veto the same cancel applies: the owner and one honest
	// guardian can stop a recovery.
	vetoed := clone(cancel)
	vetoed.Slots[0][iVeto0+2] = el(1)
	reseal(vetoed)
	claimApplied(vetoed, cancelled)
	mustPass(t, vetoed, true, "the cancel after a guardian's veto, applied")

	// The finalisation, a day later, makes the proposed key (not the thief's)
	// the owner: the published leaf value is that configuration's hash.
	fin := ws[2].Slots[0]
	if fin[iType].Uint64() != TypeFinaliseRecovery || !fin[iRecoveryOwner].Equal(&s[iRecoveryOwner]) || fin[iRecoveryOwner].Equal(&s[iOwner]) {
		t.Fatal("the last batch does not finalise the recovery the thief tried to cancel")
	}
	recovered := after(ws[2])
	recovered[iOwner] = fin[iRecoveryOwner]
	recovered[iRecoveryPending], recovered[iUpdatePending] = el(0), el(0)
	recovered[iEpoch].Add(&recovered[iEpoch], ptr(el(1)))
	p := HeaderPublished(1, 0)
	if want := currentConfigHash(recovered); !ws[2].Header[p+1].Equal(&want) {
		t.Fatal("the finalisation did not publish the recovered configuration")
	}
}
