package batch

import (
	"math/big"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark-crypto/ecc/secp256k1"

	"github.com/keystore-rollup/keystore-circuits/auth"
)

// VetoKeyHash is VETO_KEY_HASH (state.md §3, transactions.md §6.3): the keyHash
// of VETO_KEY, the secp256k1 generator G with scheme 1. An ApproveRecovery whose
// new owner is VETO_KEY is a guardian's veto of the pending recovery; no
// recovery ever proposes it.
var VetoKeyHash = vetoKeyHash()

func vetoKeyHash() fr.Element {
	_, g := secp256k1.Generators()
	xs := []fr.Element{fr.NewElement(KeySchemeSecp256k1)}
	for _, v := range []*big.Int{g.X.BigInt(new(big.Int)), g.Y.BigInt(new(big.Int))} {
		hi, lo := auth.Halves(v)
		var h, l fr.Element
		h.SetBigInt(hi)
		l.SetBigInt(lo)
		xs = append(xs, h, l)
	}
	return chain(DomainKey, xs...)
}
