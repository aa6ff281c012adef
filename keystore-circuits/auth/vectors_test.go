package auth

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// findVectors finds test-vectors/<name>: $KEYSTORE_VECTORS, or the first
// test-vectors/ folder walking up from the working directory.
func findVectors(t *testing.T, name string) []byte {
	t.Helper()
	if dir := os.Getenv("KEYSTORE_VECTORS"); dir != "" {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		candidate := filepath.Join(dir, "test-vectors", name)
		if data, err := os.ReadFile(candidate); err == nil {
			return data
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatalf("test-vectors/%s not found above the working directory", name)
		}
		dir = parent
	}
}

func hexBytes(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.TrimPrefix(s, "0x"))
	if err != nil {
		t.Fatalf("bad hex %q: %v", s, err)
	}
	return b
}

func hex32(t *testing.T, s string) [32]byte {
	t.Helper()
	b := hexBytes(t, s)
	if len(b) != 32 {
		t.Fatalf("%q is not 32 bytes", s)
	}
	var out [32]byte
	copy(out[:], b)
	return out
}

func bigOf(t *testing.T, s string) *big.Int {
	t.Helper()
	v, ok := new(big.Int).SetString(s, 0)
	if !ok {
		t.Fatalf("bad integer %q", s)
	}
	return v
}

// signed is one signed struct from a vector file, in the gadget's terms.
type signed struct {
	name            string
	typeString      string
	typeHash        [32]byte
	domainSeparator [32]byte
	words           []NativeWord
	structHash      [32]byte
	digest          [32]byte
	pubKey          []byte // 0x04 ‖ x ‖ y
	r, s            *big.Int
	wantValid       bool     // false: the signature is by another key (WRONG_SIGNER)
	privateKey      *big.Int // ethers vectors only
}

func bitsOfType(t *testing.T, typ string) int {
	switch typ {
	case "address":
		return BitsAddress
	case "uint256":
		return BitsU64 // nonce, recoveryEpoch are u64
	case "bytes32":
		return BitsField
	}
	t.Fatalf("unexpected EIP-712 type %q", typ)
	return 0
}

// ethersVectors loads test-vectors/eip712-ethers.json (ethers v6).
func ethersVectors(t *testing.T) []signed {
	var f struct {
		Types map[string][]struct {
			Name, Type string
		} `json:"types"`
		Vectors []struct {
			PrimaryType     string            `json:"primaryType"`
			TypeString      string            `json:"typeString"`
			TypeHash        string            `json:"typeHash"`
			Message         map[string]string `json:"message"`
			PublicKey       string            `json:"publicKey"`
			PrivateKey      string            `json:"privateKey"`
			DomainSeparator string            `json:"domainSeparator"`
			StructHash      string            `json:"structHash"`
			Digest          string            `json:"digest"`
			Signature       string            `json:"signature"`
		} `json:"vectors"`
	}
	if err := json.Unmarshal(findVectors(t, "eip712-ethers.json"), &f); err != nil {
		t.Fatal(err)
	}
	var out []signed
	for i, v := range f.Vectors {
		sg := signed{
			name:            fmt.Sprintf("ethers[%d] %s", i, v.PrimaryType),
			typeString:      v.TypeString,
			typeHash:        hex32(t, v.TypeHash),
			domainSeparator: hex32(t, v.DomainSeparator),
			structHash:      hex32(t, v.StructHash),
			digest:          hex32(t, v.Digest),
			pubKey:          hexBytes(t, v.PublicKey),
			wantValid:       true,
			privateKey:      bigOf(t, v.PrivateKey),
		}
		for _, field := range f.Types[v.PrimaryType] {
			sg.words = append(sg.words, NativeWord{Value: bigOf(t, v.Message[field.Name]), Bits: bitsOfType(t, field.Type)})
		}
		var err error
		if sg.r, sg.s, err = SignatureFromBytes(hexBytes(t, v.Signature)); err != nil {
			t.Fatal(err)
		}
		out = append(out, sg)
	}
	if len(out) == 0 {
		t.Fatal("no ethers vectors")
	}
	return out
}

// stateVectors loads the signed transactions of test-vectors/keystore-state-v1.json
// (Java reference) whose signature the state machine accepted or rejected for
// a reason other than the signature; the signer is the owner (updateConfig)
// or the guardian at guardianIndex (approveRecovery) of the state before.
func stateVectors(t *testing.T) []signed {
	type keyJSON struct {
		PublicKey string `json:"publicKey"`
	}
	var f struct {
		Domain struct {
			Separator string `json:"separator"`
		} `json:"domain"`
		Transitions []struct {
			What   string `json:"what"`
			Before *struct {
				Owner     keyJSON   `json:"owner"`
				Guardians []keyJSON `json:"guardians"`
			} `json:"before"`
			Tx struct {
				Type          string `json:"type"`
				Account       string `json:"account"`
				Nonce         string `json:"nonce"`
				RecoveryEpoch string `json:"recoveryEpoch"`
				GuardianIndex int    `json:"guardianIndex"`
				Signature     string `json:"signature"`
				Creation      *struct {
					Settings struct {
						Owner keyJSON `json:"owner"`
					} `json:"settings"`
				} `json:"creation"`
			} `json:"tx"`
			NewConfigCommitment string `json:"newConfigCommitment"`
			NewOwnerKeyHash     string `json:"newOwnerKeyHash"`
			StructHash          string `json:"structHash"`
			Digest              string `json:"digest"`
			Result              string `json:"result"`
			Reason              string `json:"reason"`
		} `json:"transitions"`
	}
	if err := json.Unmarshal(findVectors(t, "keystore-state-v1.json"), &f); err != nil {
		t.Fatal(err)
	}
	ds := hex32(t, f.Domain.Separator)
	var out []signed
	for _, tr := range f.Transitions {
		if tr.Tx.Signature == "" || tr.Digest == "" {
			continue
		}
		sg := signed{name: "state " + tr.What, domainSeparator: ds, structHash: hex32(t, tr.StructHash), digest: hex32(t, tr.Digest),
			wantValid: tr.Reason != "WRONG_SIGNER"}
		account := NativeWord{Value: bigOf(t, tr.Tx.Account), Bits: BitsAddress}
		switch tr.Tx.Type {
		case "updateConfig":
			sg.typeString, sg.typeHash = UpdateConfigType, UpdateConfigTypeHash()
			sg.words = []NativeWord{account, {bigOf(t, tr.Tx.Nonce), BitsU64}, {bigOf(t, tr.NewConfigCommitment), BitsField}}
			if tr.Before != nil {
				sg.pubKey = hexBytes(t, tr.Before.Owner.PublicKey)
			} else if tr.Tx.Creation != nil {
				sg.pubKey = hexBytes(t, tr.Tx.Creation.Settings.Owner.PublicKey)
			}
		case "approveRecovery":
			sg.typeString, sg.typeHash = ApproveRecoveryType, ApproveRecoveryTypeHash()
			sg.words = []NativeWord{account, {bigOf(t, tr.NewOwnerKeyHash), BitsField}, {bigOf(t, tr.Tx.RecoveryEpoch), BitsU64}}
			if tr.Before != nil && tr.Tx.GuardianIndex < len(tr.Before.Guardians) {
				sg.pubKey = hexBytes(t, tr.Before.Guardians[tr.Tx.GuardianIndex].PublicKey)
			}
		case "cancelRecovery":
			sg.typeString, sg.typeHash = CancelRecoveryType, CancelRecoveryTypeHash()
			sg.words = []NativeWord{account, {bigOf(t, tr.Tx.Nonce), BitsU64}}
			if tr.Before != nil {
				sg.pubKey = hexBytes(t, tr.Before.Owner.PublicKey)
			}
		default:
			t.Fatalf("%s: unexpected signed type %q", tr.What, tr.Tx.Type)
		}
		if sg.pubKey == nil {
			continue // no account, so no signer to check against
		}
		var err error
		if sg.r, sg.s, err = SignatureFromBytes(hexBytes(t, tr.Tx.Signature)); err != nil {
			t.Fatal(err)
		}
		out = append(out, sg)
	}
	if len(out) == 0 {
		t.Fatal("no signed transactions in the state vectors")
	}
	return out
}
