// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title Inclusion proofs of Ethereum's Merkle-Patricia tries (eth_getProof format)
/// @notice Walks a proof, the RLP nodes from the root down to the leaf as `eth_getProof`
///         returns them, along a 32-byte path (the secure trie's keccak256 of the key), and
///         returns the leaf's value as a calldata slice. Only inclusion is proven: a path that
///         leaves the trie (empty branch slot, diverging extension or leaf) reverts, since every
///         value the callers read is known to be present.
/// @dev    Nodes referenced by hash are the next proof element and must hash to the reference;
///         nodes shorter than 32 bytes are embedded in their parent (no proof element) and are
///         read in place. Every proof element must be used: trailing elements revert. Written
///         in assembly (the walk is most of a sync's non-Poseidon gas); a truncated or
///         overlong RLP item reverts with RlpCalldata.MalformedRlp.
library MerklePatriciaProof {
    /// @notice Proof element `index` does not hash to the reference its parent (or the root) holds.
    error NodeHashMismatch(uint256 index);
    /// @notice The proof ended before reaching a leaf.
    error ProofTooShort();
    /// @notice The proof has elements after the leaf.
    error ProofTooLong();
    /// @notice The path leaves the trie: the key is not in it (or the proof is for another key).
    error KeyNotInTrie();
    /// @notice A node is neither a branch (17 items) nor an extension or leaf (2 items).
    error MalformedNode();

    /// @notice The value stored under `path` in the trie of `root`, proven by `proof`.
    /// @return value  calldata offset of the value (the leaf's second item, its payload)
    /// @return length length of the value
    function verify(bytes32 root, bytes32 path, bytes[] calldata proof)
        internal
        pure
        returns (uint256 value, uint256 length)
    {
        assembly ("memory-safe") {
            function fail(selector) {
                mstore(0, selector)
                revert(0x1c, 4)
            }

            // the RLP item at ptr, within end (RlpCalldata.item)
            function rlpItem(ptr, end) -> payload, len, isList {
                if iszero(lt(ptr, end)) { fail(0x82bd8b74) } // MalformedRlp()
                let b0 := byte(0, calldataload(ptr))
                switch lt(b0, 0x80)
                case 1 {
                    payload := ptr
                    len := 1
                }
                default {
                    isList := gt(b0, 0xbf)
                    let short := sub(b0, add(0x80, mul(isList, 0x40)))
                    switch lt(short, 56)
                    case 1 {
                        payload := add(ptr, 1)
                        len := short
                    }
                    default {
                        let lengthBytes := sub(short, 55)
                        payload := add(add(ptr, 1), lengthBytes)
                        len := shr(shl(3, sub(32, lengthBytes)), calldataload(add(ptr, 1)))
                    }
                }
                if gt(add(payload, len), end) { fail(0x82bd8b74) } // MalformedRlp()
            }

            // proof element i as (ptr, end), checked against its expected hash
            function hashedNode(base, i, expected) -> ptr, end {
                let rel := calldataload(add(base, shl(5, i)))
                if gt(rel, 0xffffffff) { revert(0, 0) }
                let len := calldataload(add(base, rel))
                if gt(len, 0xffffffff) { revert(0, 0) }
                ptr := add(add(base, rel), 32)
                end := add(ptr, len)
                if gt(end, calldatasize()) { revert(0, 0) }
                let m := mload(0x40)
                calldatacopy(m, ptr, len)
                if iszero(eq(keccak256(m, len), expected)) {
                    mstore(0, 0x821a5150) // NodeHashMismatch(uint256)
                    mstore(0x20, i)
                    revert(0x1c, 0x24)
                }
            }

            let count := proof.length
            if iszero(count) { fail(0x7672156c) } // ProofTooShort()
            let ptr, end := hashedNode(proof.offset, 0, root)
            let index := 0 // the proof element being walked
            let depth := 0 // nibbles of the path consumed
            for {} 1 {} {
                let p, len, isList := rlpItem(ptr, end)
                if or(iszero(isList), iszero(eq(add(p, len), end))) { fail(0x82bd8b74) } // MalformedRlp()
                let p0, l0, list0 := rlpItem(p, end)
                let second := add(p0, l0)
                let p1, l1, list1 := rlpItem(second, end)
                let ref := p
                switch eq(add(p1, l1), end)
                case 1 {
                    // extension or leaf: [compact path, child or value]
                    if or(list0, iszero(l0)) { fail(0x38d48921) } // MalformedNode()
                    let flag := shr(4, byte(0, calldataload(p0)))
                    if gt(flag, 3) { fail(0x38d48921) }
                    let odd := and(flag, 1)
                    // at most 64 nibbles: 33 bytes even, 32 odd
                    if gt(l0, sub(33, odd)) { fail(0x38d48921) }
                    let nibbles := sub(shl(1, l0), sub(2, odd))
                    if gt(nibbles, sub(64, depth)) { fail(0xb2eb7dea) } // KeyNotInTrie()
                    // the segment's nibbles, left-aligned (bytes past the item are masked away)
                    let segment := calldataload(add(p0, 1))
                    if odd { segment := shl(4, calldataload(p0)) }
                    let mask := not(shr(shl(2, nibbles), not(0)))
                    if iszero(eq(and(segment, mask), and(shl(shl(2, depth), path), mask))) {
                        fail(0xb2eb7dea)
                    }
                    depth := add(depth, nibbles)
                    if gt(flag, 1) {
                        // leaf: the whole path consumed, the last proof element, a string value
                        if lt(depth, 64) { fail(0xb2eb7dea) }
                        if iszero(eq(add(index, 1), count)) { fail(0xb5ae13c8) } // ProofTooLong()
                        if list1 { fail(0x38d48921) }
                        value := p1
                        length := l1
                        break
                    }
                    ref := second
                }
                default {
                    // branch: 16 children then a value, which a 32-byte path never reaches;
                    // the item count is not checked (every node is committed to by a hash,
                    // and reading past the last item reverts)
                    if eq(depth, 64) { fail(0xb2eb7dea) }
                    for { let nibble := and(shr(sub(252, shl(2, depth)), path), 0xf) } nibble {
                        nibble := sub(nibble, 1)
                    } {
                        // a child is empty (0x80), a hash (0xa0 + 32 bytes) or an embedded node
                        switch byte(0, calldataload(ref))
                        case 0x80 { ref := add(ref, 1) }
                        case 0xa0 { ref := add(ref, 33) }
                        default {
                            let q, l, _l := rlpItem(ref, end)
                            ref := add(q, l)
                        }
                    }
                    depth := add(depth, 1)
                }
                // follow the reference: a hash (next proof element) or an embedded node (in place)
                let rp, rl, rlist := rlpItem(ref, end)
                switch rlist
                case 1 {
                    ptr := ref
                    end := add(rp, rl)
                }
                default {
                    if iszero(eq(rl, 32)) {
                        if iszero(rl) { fail(0xb2eb7dea) } // an empty slot: KeyNotInTrie()
                        fail(0x38d48921)
                    }
                    index := add(index, 1)
                    if eq(index, count) { fail(0x7672156c) } // ProofTooShort()
                    ptr, end := hashedNode(proof.offset, index, calldataload(rp))
                }
            }
        }
    }
}
