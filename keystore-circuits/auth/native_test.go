package auth

import (
	"math/big"
	"testing"
)

func TestNativeTypeHashesDigestsAndSignaturesMatchVectors(t *testing.T) {
	byType := map[string][32]byte{
		UpdateConfigType:    UpdateConfigTypeHash(),
		ApproveRecoveryType: ApproveRecoveryTypeHash(),
		CancelRecoveryType:  CancelRecoveryTypeHash(),
	}
	all := append(ethersVectors(t), stateVectors(t)...)
	nValid := 0
	for _, v := range all {
		if v.typeString != "" && byType[v.typeString] != v.typeHash {
			t.Errorf("%s: type hash of %q differs", v.name, v.typeString)
		}
		sh, err := StructHash(v.typeHash, v.words)
		if err != nil {
			t.Fatalf("%s: %v", v.name, err)
		}
		if sh != v.structHash {
			t.Errorf("%s: struct hash %x, want %x", v.name, sh, v.structHash)
		}
		d, err := Digest(v.domainSeparator, v.typeHash, v.words)
		if err != nil {
			t.Fatalf("%s: %v", v.name, err)
		}
		if d != v.digest {
			t.Errorf("%s: digest %x, want %x", v.name, d, v.digest)
		}
		x, y := new(big.Int).SetBytes(v.pubKey[1:33]), new(big.Int).SetBytes(v.pubKey[33:])
		if got := Verify(x, y, v.digest, v.r, v.s); got != v.wantValid {
			t.Errorf("%s: Verify = %v, want %v", v.name, got, v.wantValid)
		}
		if v.wantValid {
			nValid++
			// high-s is the same signature, malleated: valid ECDSA, rejected here
			if Verify(x, y, v.digest, v.r, new(big.Int).Sub(secpN, v.s)) {
				t.Errorf("%s: high-s accepted", v.name)
			}
		}
	}
	if len(byType) != 3 || nValid < 30 {
		t.Errorf("only %d valid signatures checked", nValid)
	}
}

func TestNativeWordEncodingRejectsOutOfRangeValues(t *testing.T) {
	r := new(big.Int).Set(bn254R)
	for _, w := range []NativeWord{
		{new(big.Int).Lsh(big.NewInt(1), 160), BitsAddress},
		{new(big.Int).Lsh(big.NewInt(1), 64), BitsU64},
		{r, BitsField},
		{big.NewInt(-1), BitsU64},
		{big.NewInt(0), 255},
	} {
		if _, err := w.Encode(); err == nil {
			t.Errorf("word %v/%d accepted", w.Value, w.Bits)
		}
	}
	if _, err := (NativeWord{new(big.Int).Sub(r, big.NewInt(1)), BitsField}).Encode(); err != nil {
		t.Errorf("r-1 rejected: %v", err)
	}
}
