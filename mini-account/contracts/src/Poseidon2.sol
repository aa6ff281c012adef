// SPDX-License-Identifier: MIT
// =============================================================================
// GENERATED FILE - DO NOT EDIT. Written by script/gen-poseidon2.js from test-vectors/poseidon2-bn254.json (params.roundKeys);
// regenerate with `node script/gen-poseidon2.js` (--check to verify).
// =============================================================================
pragma solidity ^0.8.24;

/// @title Poseidon2 over BN254, width 2 (gnark-crypto v0.21.0 default parameters)
/// @notice 6 full rounds (3 + 3) and 50 partial rounds, S-box x^5, external matrix
///         [[2,1],[1,2]] and internal matrix [[2,1],[1,3]]; round keys as in
///         gnark-crypto's poseidon2.GetDefaultParameters() for BN254. compress is
///         gnark-crypto's compression function: permute(left, right)[1] + right.
/// @dev    Straight-line assembly with the round keys inlined as literals. Sums are
///         left unreduced (P < 2^254, so a few of them fit in a word) until they reach
///         a mulmod/addmod/mod; the generator proves the bounds for all canonical
///         inputs. Inputs must be canonical field elements (< P): anything else
///         reverts with NotAFieldElement, as gnark-crypto's byte-level API rejects it.
library Poseidon2 {
    /// @notice The BN254 scalar field modulus.
    uint256 internal constant P = 0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001;

    /// @notice An input was not a canonical field element (it was >= P).
    error NotAFieldElement(uint256 value);

    /// @notice gnark-crypto's Poseidon2 compression: permute(left, right)[1] + right (mod P).
    function compress(uint256 left, uint256 right) internal pure returns (uint256 out) {
        if (_notCanonical(left, right)) revert NotAFieldElement(left >= P ? left : right);
        assembly ("memory-safe") {
            let p := P
            let a := left
            let b := right
            // initial external matrix
            let t_1 := add(a, b)
            let a_1 := add(a, t_1)
            let b_1 := add(b, t_1)
            // full round 0
            let a_2 := add(a_1, 0x1da4d6adfb0d0b494584f763db50a81908580a5f5e295e168b9b8d31770fac4f)
            let b_2 := add(b_1, 0x0946129a2e33b4e819707a56a3b3790eab80d0a0c7a0c63451fab2a59acc074c)
            let x2_1 := mulmod(b_2, b_2, p)
            let b_3 := mulmod(mulmod(x2_1, x2_1, p), b_2, p)
            let x2_2 := mulmod(a_2, a_2, p)
            let a_3 := mulmod(mulmod(x2_2, x2_2, p), a_2, p)
            let t_2 := add(a_3, b_3)
            let a_4 := add(a_3, t_2)
            let b_4 := add(b_3, t_2)
            // full round 1
            let a_5 := add(a_4, 0x2a39b9d5376afd35580abd6952986570867b87303b07140268794dad4b8f82ea)
            let b_5 := add(b_4, 0x27605717d1245c20c546b3c7014e5fa3e4a70e66ecd6de5d32448eea5e3069b2)
            let x2_3 := mulmod(b_5, b_5, p)
            let b_6 := mulmod(mulmod(x2_3, x2_3, p), b_5, p)
            let x2_4 := mulmod(a_5, a_5, p)
            let a_6 := mulmod(mulmod(x2_4, x2_4, p), a_5, p)
            let t_3 := add(a_6, b_6)
            let a_7 := add(a_6, t_3)
            let b_7 := add(b_6, t_3)
            // full round 2
            let a_8 := add(a_7, 0x24c896cb2594e17b973653193a470ed7e771ebb09a228d638e50809c03773632)
            let b_8 := add(b_7, 0x0911096c45dd9cda0d61d783957003db6d8701c7869a919ad8042e1b7d597a49)
            let x2_5 := mulmod(b_8, b_8, p)
            let b_9 := mulmod(mulmod(x2_5, x2_5, p), b_8, p)
            let x2_6 := mulmod(a_8, a_8, p)
            let a_9 := mulmod(mulmod(x2_6, x2_6, p), a_8, p)
            let t_4 := add(a_9, b_9)
            let a_10 := add(a_9, t_4)
            let b_10 := add(b_9, t_4)
            // partial rounds 3..52
            let b_11 := mod(b_10, p)
            let x_1 := add(a_10, 0x26ff6166f1e4b99e27eee6d352a8ce26f1daba01aad28021f11f38a70603afdc)
            // partial round 3
            let x2_7 := mulmod(x_1, x_1, p)
            let y_1 := mulmod(mulmod(x2_7, x2_7, p), x_1, p)
            let x_2 := add(add(add(y_1, y_1), b_11), 0x008e2faedcf76d08ad6591ff90e50fea79bcb5e18cfb7d954d5b89437bf64b7e)
            let b_12 := add(y_1, mulmod(3, b_11, p))
            // partial round 4
            let x2_8 := mulmod(x_2, x_2, p)
            let y_2 := mulmod(mulmod(x2_8, x2_8, p), x_2, p)
            let x_3 := add(add(add(y_2, y_2), b_12), 0x19c9da2379b598ace3ad4d1872470830f6184a3cec71eeb632f98820eb353d78)
            let b_13 := add(y_2, mulmod(3, b_12, p))
            // partial round 5
            let x2_9 := mulmod(x_3, x_3, p)
            let y_3 := mulmod(mulmod(x2_9, x2_9, p), x_3, p)
            let x_4 := add(add(add(y_3, y_3), b_13), 0x0f7c4eb15d8b0b62a8f6a090ec9610a2ab3dfcdb57e2539aa459a40583dfe96b)
            let b_14 := add(y_3, mulmod(3, b_13, p))
            // partial round 6
            let x2_10 := mulmod(x_4, x_4, p)
            let y_4 := mulmod(mulmod(x2_10, x2_10, p), x_4, p)
            let x_5 := add(add(add(y_4, y_4), b_14), 0x18b99417dc26b5e079750eba282362d1d46900b47dd5ff809171588b08ac3983)
            let b_15 := add(y_4, mulmod(3, b_14, p))
            // partial round 7
            let x2_11 := mulmod(x_5, x_5, p)
            let y_5 := mulmod(mulmod(x2_11, x2_11, p), x_5, p)
            let x_6 := add(add(add(y_5, y_5), b_15), 0x1ee044081160b3eee2d4493feab82141c73f1c054b76320a8848af08a8d91a26)
            let b_16 := add(y_5, mulmod(3, b_15, p))
            // partial round 8
            let x2_12 := mulmod(x_6, x_6, p)
            let y_6 := mulmod(mulmod(x2_12, x2_12, p), x_6, p)
            let x_7 := add(add(add(y_6, y_6), b_16), 0x29bb95c8763efd3e0e87f5df12ee8a150455b6d7a14780d19122220366c258dc)
            let b_17 := add(y_6, mulmod(3, b_16, p))
            // partial round 9
            let x2_13 := mulmod(x_7, x_7, p)
            let y_7 := mulmod(mulmod(x2_13, x2_13, p), x_7, p)
            let x_8 := add(add(add(y_7, y_7), b_17), 0x22c23eec9cb13ff8a3ee9a363d740653215e8991f7f9ec12067b4705e9a5c9fb)
            let b_18 := add(y_7, mulmod(3, b_17, p))
            // partial round 10
            let x2_14 := mulmod(x_8, x_8, p)
            let y_8 := mulmod(mulmod(x2_14, x2_14, p), x_8, p)
            let x_9 := add(add(add(y_8, y_8), b_18), 0x23589e033a31a667680c8b18926c3be09115c7644c4f905cc7deefc1690b42dc)
            let b_19 := add(y_8, mulmod(3, b_18, p))
            // partial round 11
            let x2_15 := mulmod(x_9, x_9, p)
            let y_9 := mulmod(mulmod(x2_15, x2_15, p), x_9, p)
            let x_10 := add(add(add(y_9, y_9), b_19), 0x304e99b887f2e1e92c9c0cde5f2bdd4764f60b98a219f1f0dd64ec938a6a247c)
            let b_20 := add(y_9, mulmod(3, b_19, p))
            // partial round 12
            let x2_16 := mulmod(x_10, x_10, p)
            let y_10 := mulmod(mulmod(x2_16, x2_16, p), x_10, p)
            let x_11 := add(add(add(y_10, y_10), b_20), 0x22e817865236ad3a76fbe88bbdf31fcae792f326271d53a3a493b2de7f7d8b4c)
            let b_21 := add(y_10, mulmod(3, b_20, p))
            // partial round 13
            let x2_17 := mulmod(x_11, x_11, p)
            let y_11 := mulmod(mulmod(x2_17, x2_17, p), x_11, p)
            let x_12 := add(add(add(y_11, y_11), b_21), 0x10c9efe573e86fa5b238a3f5c70a00bf02bc7dcfcc4878e026b77c881dc8b1c9)
            let b_22 := add(y_11, mulmod(3, b_21, p))
            // partial round 14
            let x2_18 := mulmod(x_12, x_12, p)
            let y_12 := mulmod(mulmod(x2_18, x2_18, p), x_12, p)
            let x_13 := add(add(add(y_12, y_12), b_22), 0x0a94f16be920d85f4d6f80e745c6bddbc084f309edffef023ea283c72b89bbb6)
            let b_23 := add(y_12, mulmod(3, b_22, p))
            // partial round 15
            let x2_19 := mulmod(x_13, x_13, p)
            let y_13 := mulmod(mulmod(x2_19, x2_19, p), x_13, p)
            let x_14 := add(add(add(y_13, y_13), b_23), 0x23ed72b4d01d14e3c7888fedb770494abc2c1ea81d6465b5df3da0ebcd69101a)
            let b_24 := add(y_13, mulmod(3, b_23, p))
            // partial round 16
            let x2_20 := mulmod(x_14, x_14, p)
            let y_14 := mulmod(mulmod(x2_20, x2_20, p), x_14, p)
            let x_15 := add(add(add(y_14, y_14), b_24), 0x17c5115640e4cebeed0e6cbb511ac38498df815a77cb162de8d8f1022eb6bb74)
            let b_25 := add(y_14, mulmod(3, b_24, p))
            // partial round 17
            let x2_21 := mulmod(x_15, x_15, p)
            let y_15 := mulmod(mulmod(x2_21, x2_21, p), x_15, p)
            let x_16 := add(add(add(y_15, y_15), b_25), 0x2e507fcca290d0d9cf765245750eb04773e09e1fc813959fb99680a82772e4fc)
            let b_26 := add(y_15, mulmod(3, b_25, p))
            // partial round 18
            let x2_22 := mulmod(x_16, x_16, p)
            let y_16 := mulmod(mulmod(x2_22, x2_22, p), x_16, p)
            let x_17 := add(add(add(y_16, y_16), b_26), 0x0d4a98999f5b39176af6cce65c8d12162433f055cb71d70dfc8803013292bbbf)
            let b_27 := add(y_16, mulmod(3, b_26, p))
            // partial round 19
            let x2_23 := mulmod(x_17, x_17, p)
            let y_17 := mulmod(mulmod(x2_23, x2_23, p), x_17, p)
            let x_18 := add(add(add(y_17, y_17), b_27), 0x238d8022cc09c21ab3c01261a03dc125321d829e22a7a3b7a1bd3c335eccfa21)
            let b_28 := add(y_17, mulmod(3, b_27, p))
            // partial round 20
            let x2_24 := mulmod(x_18, x_18, p)
            let y_18 := mulmod(mulmod(x2_24, x2_24, p), x_18, p)
            let x_19 := add(add(add(y_18, y_18), b_28), 0x010cd8e4c2b7051cb81dc8292e35d8e943ce365613d5b39770e454ed9f4ae165)
            let b_29 := add(y_18, mulmod(3, b_28, p))
            // partial round 21
            let x2_25 := mulmod(x_19, x_19, p)
            let y_19 := mulmod(mulmod(x2_25, x2_25, p), x_19, p)
            let x_20 := add(add(add(y_19, y_19), b_29), 0x088027e54f2a3604b11178cf0ea3c6aa861173a90fb231238e03539590ecc027)
            let b_30 := add(y_19, mulmod(3, b_29, p))
            // partial round 22
            let x2_26 := mulmod(x_20, x_20, p)
            let y_20 := mulmod(mulmod(x2_26, x2_26, p), x_20, p)
            let x_21 := add(add(add(y_20, y_20), b_30), 0x1b840f5311a2b1d4b4cd7aa7e5a9a6d161165468daa938108302b73e464819db)
            let b_31 := add(y_20, mulmod(3, b_30, p))
            // partial round 23
            let x2_27 := mulmod(x_21, x_21, p)
            let y_21 := mulmod(mulmod(x2_27, x2_27, p), x_21, p)
            let x_22 := add(add(add(y_21, y_21), b_31), 0x2bf51a5da1828a1cf9b764b1e16c15929a3a346e44198ea0cb366fcd8db78dc1)
            let b_32 := add(y_21, mulmod(3, b_31, p))
            // partial round 24
            let x2_28 := mulmod(x_22, x_22, p)
            let y_22 := mulmod(mulmod(x2_28, x2_28, p), x_22, p)
            let x_23 := add(add(add(y_22, y_22), b_32), 0x206ad089d8d296ffe68a6a86767a7fe726b8872f9c7beef9d56a3a50f6f23827)
            let b_33 := add(y_22, mulmod(3, b_32, p))
            // partial round 25
            let x2_29 := mulmod(x_23, x_23, p)
            let y_23 := mulmod(mulmod(x2_29, x2_29, p), x_23, p)
            let x_24 := add(add(add(y_23, y_23), b_33), 0x24d19193171494fa1a54e0a99ac16d05eaec4b6d617c7c199fc07ff88eac550c)
            let b_34 := add(y_23, mulmod(3, b_33, p))
            // partial round 26
            let x2_30 := mulmod(x_24, x_24, p)
            let y_24 := mulmod(mulmod(x2_30, x2_30, p), x_24, p)
            let x_25 := add(add(add(y_24, y_24), b_34), 0x1dd654a2ca9d9f24f33d88246a40dfb32c40662278b9c0b995d9f9fbaf152138)
            let b_35 := add(y_24, mulmod(3, b_34, p))
            // partial round 27
            let x2_31 := mulmod(x_25, x_25, p)
            let y_25 := mulmod(mulmod(x2_31, x2_31, p), x_25, p)
            let x_26 := add(add(add(y_25, y_25), b_35), 0x0d171025c925f6e259d20ecbd3a601108c85f05b0fe7793b8acf57f3789785e4)
            let b_36 := add(y_25, mulmod(3, b_35, p))
            // partial round 28
            let x2_32 := mulmod(x_26, x_26, p)
            let y_26 := mulmod(mulmod(x2_32, x2_32, p), x_26, p)
            let x_27 := add(add(add(y_26, y_26), b_36), 0x055bef435a43aec245cd99ccb0f7c8791d9e8cf2b80d95dd98b9908fed877d55)
            let b_37 := add(y_26, mulmod(3, b_36, p))
            // partial round 29
            let x2_33 := mulmod(x_27, x_27, p)
            let y_27 := mulmod(mulmod(x2_33, x2_33, p), x_27, p)
            let x_28 := add(add(add(y_27, y_27), b_37), 0x10d2ac8c61c8a2e88a2a3f42d9359a14be63d0ad4cfd9f203b75765d0e595f0e)
            let b_38 := add(y_27, mulmod(3, b_37, p))
            // partial round 30
            let x2_34 := mulmod(x_28, x_28, p)
            let y_28 := mulmod(mulmod(x2_34, x2_34, p), x_28, p)
            let x_29 := add(add(add(y_28, y_28), b_38), 0x103479710e70996982a84057ec3ba6b2254d7966ddc41e85296e3d0790dcfa56)
            let b_39 := add(y_28, mulmod(3, b_38, p))
            // partial round 31
            let x2_35 := mulmod(x_29, x_29, p)
            let y_29 := mulmod(mulmod(x2_35, x2_35, p), x_29, p)
            let x_30 := add(add(add(y_29, y_29), b_39), 0x2a366f0448fda3c05914ffb48c765da8de96f9aa340db1638225f8372921807b)
            let b_40 := add(y_29, mulmod(3, b_39, p))
            // partial round 32
            let x2_36 := mulmod(x_30, x_30, p)
            let y_30 := mulmod(mulmod(x2_36, x2_36, p), x_30, p)
            let x_31 := add(add(add(y_30, y_30), b_40), 0x16be0fb8ef62da17919b6e0378d00594153bb8899aeb686c04626b63285837a4)
            let b_41 := add(y_30, mulmod(3, b_40, p))
            // partial round 33
            let x2_37 := mulmod(x_31, x_31, p)
            let y_31 := mulmod(mulmod(x2_37, x2_37, p), x_31, p)
            let x_32 := add(add(add(y_31, y_31), b_41), 0x0417038500e9d06c60abbc7f0d0d24c32dec8a0b2aa5a4d52cfd8c78a15bc370)
            let b_42 := add(y_31, mulmod(3, b_41, p))
            // partial round 34
            let x2_38 := mulmod(x_32, x_32, p)
            let y_32 := mulmod(mulmod(x2_38, x2_38, p), x_32, p)
            let x_33 := add(add(add(y_32, y_32), b_42), 0x26a6873b43ffd2ccf66ec6f4493ff9b54f4d76480bc486a3e5a0308fdd013812)
            let b_43 := add(y_32, mulmod(3, b_42, p))
            // partial round 35
            let x2_39 := mulmod(x_33, x_33, p)
            let y_33 := mulmod(mulmod(x2_39, x2_39, p), x_33, p)
            let x_34 := add(add(add(y_33, y_33), b_43), 0x0a3314a838f32630a96251914fe5ad262f3db9b2aa8aa9f7391922d36278c498)
            let b_44 := add(y_33, mulmod(3, b_43, p))
            // partial round 36
            let x2_40 := mulmod(x_34, x_34, p)
            let y_34 := mulmod(mulmod(x2_40, x2_40, p), x_34, p)
            let x_35 := add(add(add(y_34, y_34), b_44), 0x0fde0c5429a6beb07f462d4821f48f86aeadb46a090b15a044f4b59399027da4)
            let b_45 := add(y_34, mulmod(3, b_44, p))
            // partial round 37
            let x2_41 := mulmod(x_35, x_35, p)
            let y_35 := mulmod(mulmod(x2_41, x2_41, p), x_35, p)
            let x_36 := add(add(add(y_35, y_35), b_45), 0x0abc2d5049972a6b9b357e4163793b0bb517e1eb535a984df11a1c89cda2c8a9)
            let b_46 := add(y_35, mulmod(3, b_45, p))
            // partial round 38
            let x2_42 := mulmod(x_36, x_36, p)
            let y_36 := mulmod(mulmod(x2_42, x2_42, p), x_36, p)
            let x_37 := add(add(add(y_36, y_36), b_46), 0x0dab51d6e3ebfa661d21722fb21e55051b427a5f173f7f17735205dbb77c464e)
            let b_47 := add(y_36, mulmod(3, b_46, p))
            // partial round 39
            let x2_43 := mulmod(x_37, x_37, p)
            let y_37 := mulmod(mulmod(x2_43, x2_43, p), x_37, p)
            let x_38 := add(add(add(y_37, y_37), b_47), 0x29c36622598b511d51af6cc37123652fb21be5c2d68fb8efe9b92e70a8c1ae03)
            let b_48 := add(y_37, mulmod(3, b_47, p))
            // partial round 40
            let x2_44 := mulmod(x_38, x_38, p)
            let y_38 := mulmod(mulmod(x2_44, x2_44, p), x_38, p)
            let x_39 := add(add(add(y_38, y_38), b_48), 0x2c03ec80adac2a33ae846bc0b700d0bcc41c4096e53ac6990d6bbe7ea2fbc85c)
            let b_49 := add(y_38, mulmod(3, b_48, p))
            // partial round 41
            let x2_45 := mulmod(x_39, x_39, p)
            let y_39 := mulmod(mulmod(x2_45, x2_45, p), x_39, p)
            let x_40 := add(add(add(y_39, y_39), b_49), 0x0918fdbe9cf3a59fbdb4c6852d065105317303116017d893b8b521e3cebe1e0d)
            let b_50 := add(y_39, mulmod(3, b_49, p))
            // partial round 42
            let x2_46 := mulmod(x_40, x_40, p)
            let y_40 := mulmod(mulmod(x2_46, x2_46, p), x_40, p)
            let x_41 := add(add(add(y_40, y_40), b_50), 0x1f19ec22e69ca33f599dd13cd7e495a8176a79df4f7acf79a9d2135acabe2359)
            let b_51 := add(y_40, mulmod(3, b_50, p))
            // partial round 43
            let x2_47 := mulmod(x_41, x_41, p)
            let y_41 := mulmod(mulmod(x2_47, x2_47, p), x_41, p)
            let x_42 := add(add(add(y_41, y_41), b_51), 0x1c4b037c8ae85ee1eb32b872eb7f76928c4c76b29ceb001346447b2911080704)
            let b_52 := add(y_41, mulmod(3, b_51, p))
            // partial round 44
            let x2_48 := mulmod(x_42, x_42, p)
            let y_42 := mulmod(mulmod(x2_48, x2_48, p), x_42, p)
            let x_43 := add(add(add(y_42, y_42), b_52), 0x2b68900ed906616d6c826d0bde341766ba3131e04d420de5af0a69c534efd8db)
            let b_53 := add(y_42, mulmod(3, b_52, p))
            // partial round 45
            let x2_49 := mulmod(x_43, x_43, p)
            let y_43 := mulmod(mulmod(x2_49, x2_49, p), x_43, p)
            let x_44 := add(add(add(y_43, y_43), b_53), 0x20ca92aa222fcc69448f8dac653c8daaa180ff6dfb397cef723d4f0c782bc7f0)
            let b_54 := add(y_43, mulmod(3, b_53, p))
            // partial round 46
            let x2_50 := mulmod(x_44, x_44, p)
            let y_44 := mulmod(mulmod(x2_50, x2_50, p), x_44, p)
            let x_45 := add(add(add(y_44, y_44), b_54), 0x10d22d05bdff6bb375276fc82057db337045a5ab7ac053941f6186289b66b2b6)
            let b_55 := add(y_44, mulmod(3, b_54, p))
            // partial round 47
            let x2_51 := mulmod(x_45, x_45, p)
            let y_45 := mulmod(mulmod(x2_51, x2_51, p), x_45, p)
            let x_46 := add(add(add(y_45, y_45), b_55), 0x0b1ffdbb529367bb98f32ba45784cb435aa910b4a00636d1e5ca79e88bdd6cd9)
            let b_56 := add(y_45, mulmod(3, b_55, p))
            // partial round 48
            let x2_52 := mulmod(x_46, x_46, p)
            let y_46 := mulmod(mulmod(x2_52, x2_52, p), x_46, p)
            let x_47 := add(add(add(y_46, y_46), b_56), 0x2da32b38e7984bc2ed757ec705eccf8282c7b4f82e5e515f6f89bcc33022ce9f)
            let b_57 := add(y_46, mulmod(3, b_56, p))
            // partial round 49
            let x2_53 := mulmod(x_47, x_47, p)
            let y_47 := mulmod(mulmod(x2_53, x2_53, p), x_47, p)
            let x_48 := add(add(add(y_47, y_47), b_57), 0x042593ad87403f6d2674b8b55a886725b87eb33958031e94d292cecc6abed1bb)
            let b_58 := add(y_47, mulmod(3, b_57, p))
            // partial round 50
            let x2_54 := mulmod(x_48, x_48, p)
            let y_48 := mulmod(mulmod(x2_54, x2_54, p), x_48, p)
            let x_49 := add(add(add(y_48, y_48), b_58), 0x181fa1b4d067783a19d7367bf49b3f01051faedab463a6de9308fbd6e7d419f1)
            let b_59 := add(y_48, mulmod(3, b_58, p))
            // partial round 51
            let x2_55 := mulmod(x_49, x_49, p)
            let y_49 := mulmod(mulmod(x2_55, x2_55, p), x_49, p)
            let x_50 := add(add(add(y_49, y_49), b_59), 0x15aaa6cc9b7900b15683c95515c26028a8e35b00ed8a815c34927188c60de660)
            let b_60 := add(y_49, mulmod(3, b_59, p))
            // partial round 52
            let x2_56 := mulmod(x_50, x_50, p)
            let y_50 := mulmod(mulmod(x2_56, x2_56, p), x_50, p)
            let a_11 := add(add(y_50, y_50), b_60)
            let b_61 := add(y_50, mulmod(3, b_60, p))
            // full round 53
            let a_12 := add(a_11, 0x1bf28a93209084bbbc63234f057254c280b1a636f5a0eced6787320212f75a7a)
            let b_62 := add(b_61, 0x1cdb8c8bee5426f02cd9e229776118f156273b312f805c8e6f8c9d81a620cb6f)
            let x2_57 := mulmod(b_62, b_62, p)
            let b_63 := mulmod(mulmod(x2_57, x2_57, p), b_62, p)
            let x2_58 := mulmod(a_12, a_12, p)
            let a_13 := mulmod(mulmod(x2_58, x2_58, p), a_12, p)
            let t_5 := add(a_13, b_63)
            let a_14 := add(a_13, t_5)
            let b_64 := add(b_63, t_5)
            // full round 54
            let a_15 := add(a_14, 0x08299c0abf196d53162e0facb5f1876f516df2505cc387a0f8ea0e8760d5ca7e)
            let b_65 := add(b_64, 0x221643d205fe82778a7b7b58cb65c4962d76c0072cabd1124117269d7c710b8a)
            let x2_59 := mulmod(b_65, b_65, p)
            let b_66 := mulmod(mulmod(x2_59, x2_59, p), b_65, p)
            let x2_60 := mulmod(a_15, a_15, p)
            let a_16 := mulmod(mulmod(x2_60, x2_60, p), a_15, p)
            let t_6 := add(a_16, b_66)
            let a_17 := add(a_16, t_6)
            let b_67 := add(b_66, t_6)
            // full round 55
            let a_18 := add(a_17, 0x2d036a95f81cf49bb7a0143a28c88767f6bd10c3f74b22db487920d43343dbff)
            let b_68 := add(b_67, 0x08a50897c06aafe6ea414fb1bceca2267cd4a39486729fbc6d5d1bb7a172ebd2)
            let x2_61 := mulmod(b_68, b_68, p)
            let b_69 := mulmod(mulmod(x2_61, x2_61, p), b_68, p)
            let x2_62 := mulmod(a_18, a_18, p)
            let a_19 := mulmod(mulmod(x2_62, x2_62, p), a_18, p)
            let t_7 := add(a_19, b_69)
            let b_70 := add(b_69, t_7)
            // output
            let b_71 := addmod(b_70, right, p)
            out := b_71
        }
    }

    /// @dev True iff a >= P or b >= P; one branch for both checks.
    function _notCanonical(uint256 a, uint256 b) private pure returns (bool bad) {
        assembly ("memory-safe") {
            bad := or(gt(a, 0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000000), gt(b, 0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000000))
        }
    }

    /// @notice compress over bytes32 (big-endian field elements, as in the vector file).
    function compress(bytes32 left, bytes32 right) internal pure returns (bytes32) {
        return bytes32(compress(uint256(left), uint256(right)));
    }

    /// @notice The Poseidon2 permutation of the state (s0, s1).
    function permute(uint256 s0, uint256 s1) internal pure returns (uint256 o0, uint256 o1) {
        if (_notCanonical(s0, s1)) revert NotAFieldElement(s0 >= P ? s0 : s1);
        assembly ("memory-safe") {
            let p := P
            let a := s0
            let b := s1
            // initial external matrix
            let t_1 := add(a, b)
            let a_1 := add(a, t_1)
            let b_1 := add(b, t_1)
            // full round 0
            let a_2 := add(a_1, 0x1da4d6adfb0d0b494584f763db50a81908580a5f5e295e168b9b8d31770fac4f)
            let b_2 := add(b_1, 0x0946129a2e33b4e819707a56a3b3790eab80d0a0c7a0c63451fab2a59acc074c)
            let x2_1 := mulmod(b_2, b_2, p)
            let b_3 := mulmod(mulmod(x2_1, x2_1, p), b_2, p)
            let x2_2 := mulmod(a_2, a_2, p)
            let a_3 := mulmod(mulmod(x2_2, x2_2, p), a_2, p)
            let t_2 := add(a_3, b_3)
            let a_4 := add(a_3, t_2)
            let b_4 := add(b_3, t_2)
            // full round 1
            let a_5 := add(a_4, 0x2a39b9d5376afd35580abd6952986570867b87303b07140268794dad4b8f82ea)
            let b_5 := add(b_4, 0x27605717d1245c20c546b3c7014e5fa3e4a70e66ecd6de5d32448eea5e3069b2)
            let x2_3 := mulmod(b_5, b_5, p)
            let b_6 := mulmod(mulmod(x2_3, x2_3, p), b_5, p)
            let x2_4 := mulmod(a_5, a_5, p)
            let a_6 := mulmod(mulmod(x2_4, x2_4, p), a_5, p)
            let t_3 := add(a_6, b_6)
            let a_7 := add(a_6, t_3)
            let b_7 := add(b_6, t_3)
            // full round 2
            let a_8 := add(a_7, 0x24c896cb2594e17b973653193a470ed7e771ebb09a228d638e50809c03773632)
            let b_8 := add(b_7, 0x0911096c45dd9cda0d61d783957003db6d8701c7869a919ad8042e1b7d597a49)
            let x2_5 := mulmod(b_8, b_8, p)
            let b_9 := mulmod(mulmod(x2_5, x2_5, p), b_8, p)
            let x2_6 := mulmod(a_8, a_8, p)
            let a_9 := mulmod(mulmod(x2_6, x2_6, p), a_8, p)
            let t_4 := add(a_9, b_9)
            let a_10 := add(a_9, t_4)
            let b_10 := add(b_9, t_4)
            // partial rounds 3..52
            let b_11 := mod(b_10, p)
            let x_1 := add(a_10, 0x26ff6166f1e4b99e27eee6d352a8ce26f1daba01aad28021f11f38a70603afdc)
            // partial round 3
            let x2_7 := mulmod(x_1, x_1, p)
            let y_1 := mulmod(mulmod(x2_7, x2_7, p), x_1, p)
            let x_2 := add(add(add(y_1, y_1), b_11), 0x008e2faedcf76d08ad6591ff90e50fea79bcb5e18cfb7d954d5b89437bf64b7e)
            let b_12 := add(y_1, mulmod(3, b_11, p))
            // partial round 4
            let x2_8 := mulmod(x_2, x_2, p)
            let y_2 := mulmod(mulmod(x2_8, x2_8, p), x_2, p)
            let x_3 := add(add(add(y_2, y_2), b_12), 0x19c9da2379b598ace3ad4d1872470830f6184a3cec71eeb632f98820eb353d78)
            let b_13 := add(y_2, mulmod(3, b_12, p))
            // partial round 5
            let x2_9 := mulmod(x_3, x_3, p)
            let y_3 := mulmod(mulmod(x2_9, x2_9, p), x_3, p)
            let x_4 := add(add(add(y_3, y_3), b_13), 0x0f7c4eb15d8b0b62a8f6a090ec9610a2ab3dfcdb57e2539aa459a40583dfe96b)
            let b_14 := add(y_3, mulmod(3, b_13, p))
            // partial round 6
            let x2_10 := mulmod(x_4, x_4, p)
            let y_4 := mulmod(mulmod(x2_10, x2_10, p), x_4, p)
            let x_5 := add(add(add(y_4, y_4), b_14), 0x18b99417dc26b5e079750eba282362d1d46900b47dd5ff809171588b08ac3983)
            let b_15 := add(y_4, mulmod(3, b_14, p))
            // partial round 7
            let x2_11 := mulmod(x_5, x_5, p)
            let y_5 := mulmod(mulmod(x2_11, x2_11, p), x_5, p)
            let x_6 := add(add(add(y_5, y_5), b_15), 0x1ee044081160b3eee2d4493feab82141c73f1c054b76320a8848af08a8d91a26)
            let b_16 := add(y_5, mulmod(3, b_15, p))
            // partial round 8
            let x2_12 := mulmod(x_6, x_6, p)
            let y_6 := mulmod(mulmod(x2_12, x2_12, p), x_6, p)
            let x_7 := add(add(add(y_6, y_6), b_16), 0x29bb95c8763efd3e0e87f5df12ee8a150455b6d7a14780d19122220366c258dc)
            let b_17 := add(y_6, mulmod(3, b_16, p))
            // partial round 9
            let x2_13 := mulmod(x_7, x_7, p)
            let y_7 := mulmod(mulmod(x2_13, x2_13, p), x_7, p)
            let x_8 := add(add(add(y_7, y_7), b_17), 0x22c23eec9cb13ff8a3ee9a363d740653215e8991f7f9ec12067b4705e9a5c9fb)
            let b_18 := add(y_7, mulmod(3, b_17, p))
            // partial round 10
            let x2_14 := mulmod(x_8, x_8, p)
            let y_8 := mulmod(mulmod(x2_14, x2_14, p), x_8, p)
            let x_9 := add(add(add(y_8, y_8), b_18), 0x23589e033a31a667680c8b18926c3be09115c7644c4f905cc7deefc1690b42dc)
            let b_19 := add(y_8, mulmod(3, b_18, p))
            // partial round 11
            let x2_15 := mulmod(x_9, x_9, p)
            let y_9 := mulmod(mulmod(x2_15, x2_15, p), x_9, p)
            let x_10 := add(add(add(y_9, y_9), b_19), 0x304e99b887f2e1e92c9c0cde5f2bdd4764f60b98a219f1f0dd64ec938a6a247c)
            let b_20 := add(y_9, mulmod(3, b_19, p))
            // partial round 12
            let x2_16 := mulmod(x_10, x_10, p)
            let y_10 := mulmod(mulmod(x2_16, x2_16, p), x_10, p)
            let x_11 := add(add(add(y_10, y_10), b_20), 0x22e817865236ad3a76fbe88bbdf31fcae792f326271d53a3a493b2de7f7d8b4c)
            let b_21 := add(y_10, mulmod(3, b_20, p))
            // partial round 13
            let x2_17 := mulmod(x_11, x_11, p)
            let y_11 := mulmod(mulmod(x2_17, x2_17, p), x_11, p)
            let x_12 := add(add(add(y_11, y_11), b_21), 0x10c9efe573e86fa5b238a3f5c70a00bf02bc7dcfcc4878e026b77c881dc8b1c9)
            let b_22 := add(y_11, mulmod(3, b_21, p))
            // partial round 14
            let x2_18 := mulmod(x_12, x_12, p)
            let y_12 := mulmod(mulmod(x2_18, x2_18, p), x_12, p)
            let x_13 := add(add(add(y_12, y_12), b_22), 0x0a94f16be920d85f4d6f80e745c6bddbc084f309edffef023ea283c72b89bbb6)
            let b_23 := add(y_12, mulmod(3, b_22, p))
            // partial round 15
            let x2_19 := mulmod(x_13, x_13, p)
            let y_13 := mulmod(mulmod(x2_19, x2_19, p), x_13, p)
            let x_14 := add(add(add(y_13, y_13), b_23), 0x23ed72b4d01d14e3c7888fedb770494abc2c1ea81d6465b5df3da0ebcd69101a)
            let b_24 := add(y_13, mulmod(3, b_23, p))
            // partial round 16
            let x2_20 := mulmod(x_14, x_14, p)
            let y_14 := mulmod(mulmod(x2_20, x2_20, p), x_14, p)
            let x_15 := add(add(add(y_14, y_14), b_24), 0x17c5115640e4cebeed0e6cbb511ac38498df815a77cb162de8d8f1022eb6bb74)
            let b_25 := add(y_14, mulmod(3, b_24, p))
            // partial round 17
            let x2_21 := mulmod(x_15, x_15, p)
            let y_15 := mulmod(mulmod(x2_21, x2_21, p), x_15, p)
            let x_16 := add(add(add(y_15, y_15), b_25), 0x2e507fcca290d0d9cf765245750eb04773e09e1fc813959fb99680a82772e4fc)
            let b_26 := add(y_15, mulmod(3, b_25, p))
            // partial round 18
            let x2_22 := mulmod(x_16, x_16, p)
            let y_16 := mulmod(mulmod(x2_22, x2_22, p), x_16, p)
            let x_17 := add(add(add(y_16, y_16), b_26), 0x0d4a98999f5b39176af6cce65c8d12162433f055cb71d70dfc8803013292bbbf)
            let b_27 := add(y_16, mulmod(3, b_26, p))
            // partial round 19
            let x2_23 := mulmod(x_17, x_17, p)
            let y_17 := mulmod(mulmod(x2_23, x2_23, p), x_17, p)
            let x_18 := add(add(add(y_17, y_17), b_27), 0x238d8022cc09c21ab3c01261a03dc125321d829e22a7a3b7a1bd3c335eccfa21)
            let b_28 := add(y_17, mulmod(3, b_27, p))
            // partial round 20
            let x2_24 := mulmod(x_18, x_18, p)
            let y_18 := mulmod(mulmod(x2_24, x2_24, p), x_18, p)
            let x_19 := add(add(add(y_18, y_18), b_28), 0x010cd8e4c2b7051cb81dc8292e35d8e943ce365613d5b39770e454ed9f4ae165)
            let b_29 := add(y_18, mulmod(3, b_28, p))
            // partial round 21
            let x2_25 := mulmod(x_19, x_19, p)
            let y_19 := mulmod(mulmod(x2_25, x2_25, p), x_19, p)
            let x_20 := add(add(add(y_19, y_19), b_29), 0x088027e54f2a3604b11178cf0ea3c6aa861173a90fb231238e03539590ecc027)
            let b_30 := add(y_19, mulmod(3, b_29, p))
            // partial round 22
            let x2_26 := mulmod(x_20, x_20, p)
            let y_20 := mulmod(mulmod(x2_26, x2_26, p), x_20, p)
            let x_21 := add(add(add(y_20, y_20), b_30), 0x1b840f5311a2b1d4b4cd7aa7e5a9a6d161165468daa938108302b73e464819db)
            let b_31 := add(y_20, mulmod(3, b_30, p))
            // partial round 23
            let x2_27 := mulmod(x_21, x_21, p)
            let y_21 := mulmod(mulmod(x2_27, x2_27, p), x_21, p)
            let x_22 := add(add(add(y_21, y_21), b_31), 0x2bf51a5da1828a1cf9b764b1e16c15929a3a346e44198ea0cb366fcd8db78dc1)
            let b_32 := add(y_21, mulmod(3, b_31, p))
            // partial round 24
            let x2_28 := mulmod(x_22, x_22, p)
            let y_22 := mulmod(mulmod(x2_28, x2_28, p), x_22, p)
            let x_23 := add(add(add(y_22, y_22), b_32), 0x206ad089d8d296ffe68a6a86767a7fe726b8872f9c7beef9d56a3a50f6f23827)
            let b_33 := add(y_22, mulmod(3, b_32, p))
            // partial round 25
            let x2_29 := mulmod(x_23, x_23, p)
            let y_23 := mulmod(mulmod(x2_29, x2_29, p), x_23, p)
            let x_24 := add(add(add(y_23, y_23), b_33), 0x24d19193171494fa1a54e0a99ac16d05eaec4b6d617c7c199fc07ff88eac550c)
            let b_34 := add(y_23, mulmod(3, b_33, p))
            // partial round 26
            let x2_30 := mulmod(x_24, x_24, p)
            let y_24 := mulmod(mulmod(x2_30, x2_30, p), x_24, p)
            let x_25 := add(add(add(y_24, y_24), b_34), 0x1dd654a2ca9d9f24f33d88246a40dfb32c40662278b9c0b995d9f9fbaf152138)
            let b_35 := add(y_24, mulmod(3, b_34, p))
            // partial round 27
            let x2_31 := mulmod(x_25, x_25, p)
            let y_25 := mulmod(mulmod(x2_31, x2_31, p), x_25, p)
            let x_26 := add(add(add(y_25, y_25), b_35), 0x0d171025c925f6e259d20ecbd3a601108c85f05b0fe7793b8acf57f3789785e4)
            let b_36 := add(y_25, mulmod(3, b_35, p))
            // partial round 28
            let x2_32 := mulmod(x_26, x_26, p)
            let y_26 := mulmod(mulmod(x2_32, x2_32, p), x_26, p)
            let x_27 := add(add(add(y_26, y_26), b_36), 0x055bef435a43aec245cd99ccb0f7c8791d9e8cf2b80d95dd98b9908fed877d55)
            let b_37 := add(y_26, mulmod(3, b_36, p))
            // partial round 29
            let x2_33 := mulmod(x_27, x_27, p)
            let y_27 := mulmod(mulmod(x2_33, x2_33, p), x_27, p)
            let x_28 := add(add(add(y_27, y_27), b_37), 0x10d2ac8c61c8a2e88a2a3f42d9359a14be63d0ad4cfd9f203b75765d0e595f0e)
            let b_38 := add(y_27, mulmod(3, b_37, p))
            // partial round 30
            let x2_34 := mulmod(x_28, x_28, p)
            let y_28 := mulmod(mulmod(x2_34, x2_34, p), x_28, p)
            let x_29 := add(add(add(y_28, y_28), b_38), 0x103479710e70996982a84057ec3ba6b2254d7966ddc41e85296e3d0790dcfa56)
            let b_39 := add(y_28, mulmod(3, b_38, p))
            // partial round 31
            let x2_35 := mulmod(x_29, x_29, p)
            let y_29 := mulmod(mulmod(x2_35, x2_35, p), x_29, p)
            let x_30 := add(add(add(y_29, y_29), b_39), 0x2a366f0448fda3c05914ffb48c765da8de96f9aa340db1638225f8372921807b)
            let b_40 := add(y_29, mulmod(3, b_39, p))
            // partial round 32
            let x2_36 := mulmod(x_30, x_30, p)
            let y_30 := mulmod(mulmod(x2_36, x2_36, p), x_30, p)
            let x_31 := add(add(add(y_30, y_30), b_40), 0x16be0fb8ef62da17919b6e0378d00594153bb8899aeb686c04626b63285837a4)
            let b_41 := add(y_30, mulmod(3, b_40, p))
            // partial round 33
            let x2_37 := mulmod(x_31, x_31, p)
            let y_31 := mulmod(mulmod(x2_37, x2_37, p), x_31, p)
            let x_32 := add(add(add(y_31, y_31), b_41), 0x0417038500e9d06c60abbc7f0d0d24c32dec8a0b2aa5a4d52cfd8c78a15bc370)
            let b_42 := add(y_31, mulmod(3, b_41, p))
            // partial round 34
            let x2_38 := mulmod(x_32, x_32, p)
            let y_32 := mulmod(mulmod(x2_38, x2_38, p), x_32, p)
            let x_33 := add(add(add(y_32, y_32), b_42), 0x26a6873b43ffd2ccf66ec6f4493ff9b54f4d76480bc486a3e5a0308fdd013812)
            let b_43 := add(y_32, mulmod(3, b_42, p))
            // partial round 35
            let x2_39 := mulmod(x_33, x_33, p)
            let y_33 := mulmod(mulmod(x2_39, x2_39, p), x_33, p)
            let x_34 := add(add(add(y_33, y_33), b_43), 0x0a3314a838f32630a96251914fe5ad262f3db9b2aa8aa9f7391922d36278c498)
            let b_44 := add(y_33, mulmod(3, b_43, p))
            // partial round 36
            let x2_40 := mulmod(x_34, x_34, p)
            let y_34 := mulmod(mulmod(x2_40, x2_40, p), x_34, p)
            let x_35 := add(add(add(y_34, y_34), b_44), 0x0fde0c5429a6beb07f462d4821f48f86aeadb46a090b15a044f4b59399027da4)
            let b_45 := add(y_34, mulmod(3, b_44, p))
            // partial round 37
            let x2_41 := mulmod(x_35, x_35, p)
            let y_35 := mulmod(mulmod(x2_41, x2_41, p), x_35, p)
            let x_36 := add(add(add(y_35, y_35), b_45), 0x0abc2d5049972a6b9b357e4163793b0bb517e1eb535a984df11a1c89cda2c8a9)
            let b_46 := add(y_35, mulmod(3, b_45, p))
            // partial round 38
            let x2_42 := mulmod(x_36, x_36, p)
            let y_36 := mulmod(mulmod(x2_42, x2_42, p), x_36, p)
            let x_37 := add(add(add(y_36, y_36), b_46), 0x0dab51d6e3ebfa661d21722fb21e55051b427a5f173f7f17735205dbb77c464e)
            let b_47 := add(y_36, mulmod(3, b_46, p))
            // partial round 39
            let x2_43 := mulmod(x_37, x_37, p)
            let y_37 := mulmod(mulmod(x2_43, x2_43, p), x_37, p)
            let x_38 := add(add(add(y_37, y_37), b_47), 0x29c36622598b511d51af6cc37123652fb21be5c2d68fb8efe9b92e70a8c1ae03)
            let b_48 := add(y_37, mulmod(3, b_47, p))
            // partial round 40
            let x2_44 := mulmod(x_38, x_38, p)
            let y_38 := mulmod(mulmod(x2_44, x2_44, p), x_38, p)
            let x_39 := add(add(add(y_38, y_38), b_48), 0x2c03ec80adac2a33ae846bc0b700d0bcc41c4096e53ac6990d6bbe7ea2fbc85c)
            let b_49 := add(y_38, mulmod(3, b_48, p))
            // partial round 41
            let x2_45 := mulmod(x_39, x_39, p)
            let y_39 := mulmod(mulmod(x2_45, x2_45, p), x_39, p)
            let x_40 := add(add(add(y_39, y_39), b_49), 0x0918fdbe9cf3a59fbdb4c6852d065105317303116017d893b8b521e3cebe1e0d)
            let b_50 := add(y_39, mulmod(3, b_49, p))
            // partial round 42
            let x2_46 := mulmod(x_40, x_40, p)
            let y_40 := mulmod(mulmod(x2_46, x2_46, p), x_40, p)
            let x_41 := add(add(add(y_40, y_40), b_50), 0x1f19ec22e69ca33f599dd13cd7e495a8176a79df4f7acf79a9d2135acabe2359)
            let b_51 := add(y_40, mulmod(3, b_50, p))
            // partial round 43
            let x2_47 := mulmod(x_41, x_41, p)
            let y_41 := mulmod(mulmod(x2_47, x2_47, p), x_41, p)
            let x_42 := add(add(add(y_41, y_41), b_51), 0x1c4b037c8ae85ee1eb32b872eb7f76928c4c76b29ceb001346447b2911080704)
            let b_52 := add(y_41, mulmod(3, b_51, p))
            // partial round 44
            let x2_48 := mulmod(x_42, x_42, p)
            let y_42 := mulmod(mulmod(x2_48, x2_48, p), x_42, p)
            let x_43 := add(add(add(y_42, y_42), b_52), 0x2b68900ed906616d6c826d0bde341766ba3131e04d420de5af0a69c534efd8db)
            let b_53 := add(y_42, mulmod(3, b_52, p))
            // partial round 45
            let x2_49 := mulmod(x_43, x_43, p)
            let y_43 := mulmod(mulmod(x2_49, x2_49, p), x_43, p)
            let x_44 := add(add(add(y_43, y_43), b_53), 0x20ca92aa222fcc69448f8dac653c8daaa180ff6dfb397cef723d4f0c782bc7f0)
            let b_54 := add(y_43, mulmod(3, b_53, p))
            // partial round 46
            let x2_50 := mulmod(x_44, x_44, p)
            let y_44 := mulmod(mulmod(x2_50, x2_50, p), x_44, p)
            let x_45 := add(add(add(y_44, y_44), b_54), 0x10d22d05bdff6bb375276fc82057db337045a5ab7ac053941f6186289b66b2b6)
            let b_55 := add(y_44, mulmod(3, b_54, p))
            // partial round 47
            let x2_51 := mulmod(x_45, x_45, p)
            let y_45 := mulmod(mulmod(x2_51, x2_51, p), x_45, p)
            let x_46 := add(add(add(y_45, y_45), b_55), 0x0b1ffdbb529367bb98f32ba45784cb435aa910b4a00636d1e5ca79e88bdd6cd9)
            let b_56 := add(y_45, mulmod(3, b_55, p))
            // partial round 48
            let x2_52 := mulmod(x_46, x_46, p)
            let y_46 := mulmod(mulmod(x2_52, x2_52, p), x_46, p)
            let x_47 := add(add(add(y_46, y_46), b_56), 0x2da32b38e7984bc2ed757ec705eccf8282c7b4f82e5e515f6f89bcc33022ce9f)
            let b_57 := add(y_46, mulmod(3, b_56, p))
            // partial round 49
            let x2_53 := mulmod(x_47, x_47, p)
            let y_47 := mulmod(mulmod(x2_53, x2_53, p), x_47, p)
            let x_48 := add(add(add(y_47, y_47), b_57), 0x042593ad87403f6d2674b8b55a886725b87eb33958031e94d292cecc6abed1bb)
            let b_58 := add(y_47, mulmod(3, b_57, p))
            // partial round 50
            let x2_54 := mulmod(x_48, x_48, p)
            let y_48 := mulmod(mulmod(x2_54, x2_54, p), x_48, p)
            let x_49 := add(add(add(y_48, y_48), b_58), 0x181fa1b4d067783a19d7367bf49b3f01051faedab463a6de9308fbd6e7d419f1)
            let b_59 := add(y_48, mulmod(3, b_58, p))
            // partial round 51
            let x2_55 := mulmod(x_49, x_49, p)
            let y_49 := mulmod(mulmod(x2_55, x2_55, p), x_49, p)
            let x_50 := add(add(add(y_49, y_49), b_59), 0x15aaa6cc9b7900b15683c95515c26028a8e35b00ed8a815c34927188c60de660)
            let b_60 := add(y_49, mulmod(3, b_59, p))
            // partial round 52
            let x2_56 := mulmod(x_50, x_50, p)
            let y_50 := mulmod(mulmod(x2_56, x2_56, p), x_50, p)
            let a_11 := add(add(y_50, y_50), b_60)
            let b_61 := add(y_50, mulmod(3, b_60, p))
            // full round 53
            let a_12 := add(a_11, 0x1bf28a93209084bbbc63234f057254c280b1a636f5a0eced6787320212f75a7a)
            let b_62 := add(b_61, 0x1cdb8c8bee5426f02cd9e229776118f156273b312f805c8e6f8c9d81a620cb6f)
            let x2_57 := mulmod(b_62, b_62, p)
            let b_63 := mulmod(mulmod(x2_57, x2_57, p), b_62, p)
            let x2_58 := mulmod(a_12, a_12, p)
            let a_13 := mulmod(mulmod(x2_58, x2_58, p), a_12, p)
            let t_5 := add(a_13, b_63)
            let a_14 := add(a_13, t_5)
            let b_64 := add(b_63, t_5)
            // full round 54
            let a_15 := add(a_14, 0x08299c0abf196d53162e0facb5f1876f516df2505cc387a0f8ea0e8760d5ca7e)
            let b_65 := add(b_64, 0x221643d205fe82778a7b7b58cb65c4962d76c0072cabd1124117269d7c710b8a)
            let x2_59 := mulmod(b_65, b_65, p)
            let b_66 := mulmod(mulmod(x2_59, x2_59, p), b_65, p)
            let x2_60 := mulmod(a_15, a_15, p)
            let a_16 := mulmod(mulmod(x2_60, x2_60, p), a_15, p)
            let t_6 := add(a_16, b_66)
            let a_17 := add(a_16, t_6)
            let b_67 := add(b_66, t_6)
            // full round 55
            let a_18 := add(a_17, 0x2d036a95f81cf49bb7a0143a28c88767f6bd10c3f74b22db487920d43343dbff)
            let b_68 := add(b_67, 0x08a50897c06aafe6ea414fb1bceca2267cd4a39486729fbc6d5d1bb7a172ebd2)
            let x2_61 := mulmod(b_68, b_68, p)
            let b_69 := mulmod(mulmod(x2_61, x2_61, p), b_68, p)
            let x2_62 := mulmod(a_18, a_18, p)
            let a_19 := mulmod(mulmod(x2_62, x2_62, p), a_18, p)
            let t_7 := add(a_19, b_69)
            let a_20 := add(a_19, t_7)
            let b_70 := add(b_69, t_7)
            // output
            let a_21 := mod(a_20, p)
            let b_71 := mod(b_70, p)
            o0 := a_21
            o1 := b_71
        }
    }
}
