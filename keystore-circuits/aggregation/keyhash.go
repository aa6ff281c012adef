package aggregation

import (
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/std/algebra/emulated/fields_bn254"
	"github.com/consensys/gnark/std/algebra/emulated/sw_bn254"
	"github.com/consensys/gnark/std/math/emulated"

	"github.com/keystore-rollup/keystore-circuits/hashing"
	"github.com/keystore-rollup/keystore-circuits/prover"
)

// DomainVerifyingKey is the domain tag of a verifying key's hash: the key
// hash is prover.KeyHash, computed here in the circuit.
const DomainVerifyingKey = prover.DomainVerifyingKey

type baseElement = emulated.Element[sw_bn254.BaseField]

// keyElements lists the base-field coordinates of a verifying key in the
// order its hash takes them, which is the struct's declaration order (the
// order of gnark's witness schema): E, the K points, −γ, −δ, then each
// commitment key's G and −G/σ.
func keyElements(k *Key) []*baseElement {
	var out []*baseElement
	e := &k.E
	out = append(out, &e.A0, &e.A1, &e.A2, &e.A3, &e.A4, &e.A5, &e.A6, &e.A7, &e.A8, &e.A9, &e.A10, &e.A11)
	for i := range k.G1.K {
		out = append(out, &k.G1.K[i].X, &k.G1.K[i].Y)
	}
	g2 := func(p *sw_bn254.G2Affine) {
		out = append(out, e2(&p.P.X)...)
		out = append(out, e2(&p.P.Y)...)
	}
	g2(&k.G2.GammaNeg)
	g2(&k.G2.DeltaNeg)
	for i := range k.CommitmentKeys {
		g2(&k.CommitmentKeys[i].G)
		g2(&k.CommitmentKeys[i].GSigmaNeg)
	}
	return out
}

func e2(x *fields_bn254.E2) []*baseElement { return []*baseElement{&x.A0, &x.A1} }

// KeyHashGadget is the in-circuit prover.KeyHash: H_10 over every limb of
// every coordinate of the key, as the witness holds them, in the order of
// keyElements (gnark's witness schema order, which prover.KeyHash reads).
func KeyHashGadget(h *hashing.Gadget, k *Key) frontend.Variable {
	acc := frontend.Variable(DomainVerifyingKey)
	for _, el := range keyElements(k) {
		for _, limb := range el.Limbs {
			acc = h.Compress(acc, limb)
		}
	}
	return acc
}
