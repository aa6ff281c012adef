// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {RlpCalldata} from "./RlpCalldata.sol";

/// @title Inclusion proofs of Ethereum's Merkle-Patricia tries (eth_getProof format)
/// @notice Walks a proof, the RLP nodes from the root down to the leaf as `eth_getProof`
///         returns them, along a 32-byte path (the secure trie's keccak256 of the key), and
///         returns the leaf's value as a calldata slice. Only inclusion is proven: a path that
///         leaves the trie (empty branch slot, diverging extension or leaf) reverts, since every
///         value the callers read is known to be present.
/// @dev    Nodes referenced by hash are the next proof element and must hash to the reference;
///         nodes shorter than 32 bytes are embedded in their parent (no proof element) and are
///         read in place. Every proof element must be used: trailing elements revert.
library MerklePatriciaProof {
    using RlpCalldata for uint256;

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
        uint256 count = proof.length;
        if (count == 0) revert ProofTooShort();
        (uint256 ptr, uint256 end) = _hashedNode(proof, 0, root);
        uint256 index; // the proof element being walked
        uint256 depth; // nibbles of the path consumed
        while (true) {
            (uint256 p, uint256 len) = ptr.list(end);
            if (p + len != end) revert RlpCalldata.MalformedRlp();
            uint256 first = p.skip(end);
            uint256 second = first.skip(end);
            uint256 ref; // the child reference
            if (second == end) {
                // extension or leaf: [compact path, child or value]
                (uint256 pathPtr, uint256 pathLen) = p.str(end);
                if (pathLen == 0) revert MalformedNode();
                uint256 flag;
                assembly ("memory-safe") {
                    flag := shr(4, byte(0, calldataload(pathPtr)))
                }
                if (flag > 3) revert MalformedNode();
                depth = _matchSegment(path, depth, pathPtr, pathLen, flag & 1 == 1);
                if (flag >= 2) {
                    // leaf: the whole path must be consumed, and it must be the last element
                    if (depth != 64) revert KeyNotInTrie();
                    if (index + 1 != count) revert ProofTooLong();
                    return first.str(end);
                }
                ref = first;
            } else {
                // branch: 16 children then a value, which a 32-byte path never reaches
                if (depth == 64) revert KeyNotInTrie();
                uint256 nibble = uint256(path >> (252 - 4 * depth)) & 0xf;
                ref = p;
                // (the item count is not checked: every node is committed to by a hash, and
                // reading past the last item reverts)
                for (uint256 i; i < nibble; ++i) {
                    ref = ref.skip(end);
                }
                ++depth;
            }
            // follow the reference: a hash (next proof element) or an embedded node (in place)
            (uint256 rp, uint256 rlen, bool isList) = ref.item(end);
            if (isList) {
                (ptr, end) = (ref, rp + rlen);
            } else if (rlen == 32) {
                bytes32 h;
                assembly ("memory-safe") {
                    h := calldataload(rp)
                }
                if (++index == count) revert ProofTooShort();
                (ptr, end) = _hashedNode(proof, index, h);
            } else {
                if (rlen == 0) revert KeyNotInTrie();
                revert MalformedNode();
            }
        }
    }

    /// @dev Proof element `index` as (offset, end), checked against `expected`.
    function _hashedNode(bytes[] calldata proof, uint256 index, bytes32 expected)
        private
        pure
        returns (uint256 ptr, uint256 end)
    {
        bytes calldata node = proof[index];
        bytes32 h;
        assembly ("memory-safe") {
            let m := mload(0x40)
            calldatacopy(m, node.offset, node.length)
            h := keccak256(m, node.length)
            ptr := node.offset
            end := add(node.offset, node.length)
        }
        if (h != expected) revert NodeHashMismatch(index);
    }

    /// @dev Matches the compact-encoded path segment (hex-prefix, `odd` nibble count) against
    ///      `path` from nibble `depth`; returns the new depth or reverts with KeyNotInTrie.
    function _matchSegment(bytes32 path, uint256 depth, uint256 ptr, uint256 len, bool odd)
        private
        pure
        returns (uint256)
    {
        // a segment has at most 64 nibbles: 33 bytes even, 32 odd
        if (len > (odd ? 32 : 33)) revert MalformedNode();
        uint256 nibbles = odd ? 2 * len - 1 : 2 * len - 2;
        if (nibbles > 64 - depth) revert KeyNotInTrie();
        bool equal;
        assembly ("memory-safe") {
            // the segment's nibbles, left-aligned (bytes past the item are masked away)
            let segment := calldataload(add(ptr, 1))
            if odd { segment := shl(4, calldataload(ptr)) }
            let mask := not(shr(shl(2, nibbles), not(0)))
            equal := eq(and(segment, mask), and(shl(shl(2, depth), path), mask))
        }
        if (!equal) revert KeyNotInTrie();
        return depth + nibbles;
    }
}
