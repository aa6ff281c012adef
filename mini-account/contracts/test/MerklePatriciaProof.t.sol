// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {KeystoreTest} from "keystore-test/KeystoreTest.sol";
import {MerklePatriciaProof} from "../src/lib/MerklePatriciaProof.sol";
import {RlpCalldata} from "../src/lib/RlpCalldata.sol";

contract MptHarness {
    function get(bytes32 root, bytes32 path, bytes[] calldata proof) external pure returns (bytes memory value) {
        (uint256 ptr, uint256 len) = MerklePatriciaProof.verify(root, path, proof);
        value = new bytes(len);
        assembly {
            calldatacopy(add(value, 32), ptr, len)
        }
    }
}

/// @notice The trie walk on hand-built tries: an extension, a branch and embedded nodes (shorter
///         than 32 bytes, inside their parent), which the anvil fixture does not have.
contract MerklePatriciaProofTest is KeystoreTest {
    MptHarness internal mpt;

    // the path: 62 nibbles shared (0x11..11 then 0x12..), nibble 62 = 0x5, nibble 63 = 0x7
    bytes32 internal constant PATH = 0x1111111111111111111111111111111111111111111111111111111111111157;

    function setUp() public {
        mpt = new MptHarness();
    }

    /// ext(62 nibbles) -> branch, whose child 5 is the embedded leaf [0x37, 0x2a] (value 0x2a)
    /// and child 2 another embedded leaf; the branch is hashed.
    function _trie() internal pure returns (bytes32 root, bytes[] memory proof) {
        bytes memory leaf = hex"c2372a"; // [odd leaf, nibble 7], value 0x2a
        bytes memory other = hex"c23101"; // [odd leaf, nibble 1], value 0x01
        bytes memory items = abi.encodePacked(hex"8080", other, hex"8080", leaf); // children 0..5
        for (uint256 i = 6; i < 17; ++i) {
            items = abi.encodePacked(items, hex"80");
        }
        // forge-lint: disable-next-line(unsafe-typecast)
        bytes memory branch = abi.encodePacked(bytes1(uint8(0xc0 + items.length)), items); // 27 bytes
        // extension: even flag 0x00, then the 31 bytes of nibbles 0..61
        // forge-lint: disable-next-line(unsafe-typecast)
        bytes memory segment = abi.encodePacked(hex"00", bytes31(PATH)); // the first 31 bytes
        // [segment (0xa0 + 32 bytes), hash (0xa0 + 32 bytes)]: a 66-byte payload, long form
        bytes memory ext = abi.encodePacked(hex"f842", hex"a0", segment, hex"a0", keccak256(branch));
        proof = new bytes[](2);
        proof[0] = ext;
        proof[1] = branch;
        root = keccak256(ext);
    }

    function test_walksAnExtensionAndABranchPastAnEmbeddedSiblingToAnEmbeddedLeaf() public view {
        (bytes32 root, bytes[] memory proof) = _trie();
        assertEq(mpt.get(root, PATH, proof), hex"2a", "value");
    }

    function test_readsTheOtherEmbeddedLeaf() public view {
        (bytes32 root, bytes[] memory proof) = _trie();
        bytes32 otherPath = (PATH & ~bytes32(uint256(0xff))) | bytes32(uint256(0x21));
        assertEq(mpt.get(root, otherPath, proof), hex"01", "value");
    }

    function test_rejectsAPathThatLeavesTheTrie() public {
        (bytes32 root, bytes[] memory proof) = _trie();
        // an empty branch slot
        vm.expectRevert(MerklePatriciaProof.KeyNotInTrie.selector);
        mpt.get(root, PATH ^ bytes32(uint256(0x30)), proof);
        // the embedded leaf's remaining nibble differs
        vm.expectRevert(MerklePatriciaProof.KeyNotInTrie.selector);
        mpt.get(root, PATH ^ bytes32(uint256(0x01)), proof);
        // the extension's segment differs
        vm.expectRevert(MerklePatriciaProof.KeyNotInTrie.selector);
        mpt.get(root, PATH ^ bytes32(uint256(1) << 200), proof);
    }

    function test_rejectsAWrongRootAndAWrongChild() public {
        (bytes32 root, bytes[] memory proof) = _trie();
        vm.expectRevert(abi.encodeWithSelector(MerklePatriciaProof.NodeHashMismatch.selector, 0));
        mpt.get(root ^ bytes32(uint256(1)), PATH, proof);
        proof[1] = abi.encodePacked(proof[1], hex"00");
        vm.expectRevert(abi.encodeWithSelector(MerklePatriciaProof.NodeHashMismatch.selector, 1));
        mpt.get(root, PATH, proof);
    }

    function test_rejectsAMissingAndAnExtraNode() public {
        (bytes32 root, bytes[] memory proof) = _trie();
        bytes[] memory short = new bytes[](1);
        short[0] = proof[0];
        vm.expectRevert(MerklePatriciaProof.ProofTooShort.selector);
        mpt.get(root, PATH, short);
        bytes[] memory long = new bytes[](3);
        (long[0], long[1], long[2]) = (proof[0], proof[1], proof[1]);
        vm.expectRevert(MerklePatriciaProof.ProofTooLong.selector);
        mpt.get(root, PATH, long);
    }

    function test_rejectsANodeThatIsNotAList() public {
        bytes[] memory proof = new bytes[](1);
        proof[0] = hex"820102";
        vm.expectRevert(RlpCalldata.MalformedRlp.selector);
        mpt.get(keccak256(proof[0]), PATH, proof);
    }

    function test_rejectsAnItemReachingPastItsNode() public {
        bytes[] memory proof = new bytes[](1);
        proof[0] = hex"c4830102"; // the string claims 3 bytes, its list holds only 3 after it
        vm.expectRevert(RlpCalldata.MalformedRlp.selector);
        mpt.get(keccak256(proof[0]), PATH, proof);
    }

    function test_rejectsABadHexPrefixFlag() public {
        bytes[] memory proof = new bytes[](1);
        proof[0] = hex"c3814001"; // [0x40 (flag 4), 0x01]
        vm.expectRevert(MerklePatriciaProof.MalformedNode.selector);
        mpt.get(keccak256(proof[0]), PATH, proof);
    }

    /// Random bytes as the only node (hash-consistent, so the parser sees them): never a value
    /// for a path they do not hold, never a read out of bounds.
    function testFuzz_randomRootNodeIsRefused(bytes memory node, bytes32 path) public {
        bytes[] memory proof = new bytes[](1);
        proof[0] = node;
        try mpt.get(keccak256(node), path, proof) returns (bytes memory value) {
            // only a well-formed leaf holding the whole path can pass
            assertTrue(node.length >= 35, "a leaf with a 32-byte path");
            value;
        } catch {}
    }
}
