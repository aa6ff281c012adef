// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Poseidon2} from "../src/Poseidon2.sol";
import {KeystoreTreeHashing} from "../src/KeystoreTreeHashing.sol";
import {Poseidon2Vectors} from "./Poseidon2Vectors.sol";

/// @dev External entry points for expectRevert and the gas report.
contract TreeHashingHarness {
    function leafHash(uint256 key, uint256 nextKey, uint256 value) external pure returns (uint256) {
        return KeystoreTreeHashing.leafHash(key, nextKey, value);
    }

    function rootFromPath(uint256 leaf, uint256 index, uint256[] memory siblings) external pure returns (uint256) {
        return KeystoreTreeHashing.rootFromPath(leaf, index, siblings);
    }

    function emptySubtreeRoot(uint256 height) external pure returns (uint256) {
        return KeystoreTreeHashing.emptySubtreeRoot(height);
    }
}

contract KeystoreTreeHashingTest is Poseidon2Vectors {
    uint256 internal constant P = Poseidon2.P;

    TreeHashingHarness internal harness;

    function setUp() public {
        harness = new TreeHashingHarness();
    }

    // ------------------------------------------------------------------ vectors

    function test_leafVectors() public view {
        LeafVector[] memory v = leafVectors();
        for (uint256 i; i < v.length; ++i) {
            assertEq(
                KeystoreTreeHashing.leafHash(uint256(v[i].key), uint256(v[i].nextKey), uint256(v[i].value)),
                uint256(v[i].hash),
                jsonPath(".leaf", i, "")
            );
        }
    }

    function test_emptySubtreeRootVectors() public view {
        bytes32[] memory z = emptySubtreeRootVectors();
        assertEq(z[0], bytes32(0), "Z[0]");
        for (uint256 h; h <= TREE_DEPTH; ++h) {
            string memory what = jsonPath(".emptySubtreeRoots", h, "");
            assertEq(KeystoreTreeHashing.emptySubtreeRoot(h), uint256(z[h]), what);
            if (h < TREE_DEPTH) {
                assertEq(KeystoreTreeHashing.nodeHash(uint256(z[h]), uint256(z[h])), uint256(z[h + 1]), what);
            }
        }
    }

    function test_genesisRootVector() public view {
        bytes32[] memory z = emptySubtreeRootVectors();
        uint256[] memory siblings = new uint256[](TREE_DEPTH);
        for (uint256 h; h < TREE_DEPTH; ++h) {
            siblings[h] = uint256(z[h]);
        }
        uint256 sentinel = KeystoreTreeHashing.leafHash(0, 0, 0);
        assertEq(sentinel, uint256(leafVectors()[0].hash), "sentinel leaf (0, 0, 0) is .leaf[0]");
        assertEq(KeystoreTreeHashing.rootFromPath(sentinel, 0, siblings), uint256(genesisRootVector()), "genesisRoot");
    }

    /// @notice The empty tree's root is Z[32], whatever the index of the empty slot.
    function testFuzz_emptyTreeRoot(uint32 index) public pure {
        uint256[] memory siblings = new uint256[](TREE_DEPTH);
        for (uint256 h; h < TREE_DEPTH; ++h) {
            siblings[h] = KeystoreTreeHashing.emptySubtreeRoot(h);
        }
        assertEq(
            KeystoreTreeHashing.rootFromPath(0, index, siblings),
            KeystoreTreeHashing.emptySubtreeRoot(TREE_DEPTH),
            "root of the empty tree"
        );
    }

    // -------------------------------------------------------------------- paths

    /// @notice rootFromPath against a fold written out here: bit h of the index set
    ///         means the node at height h is the right child.
    function testFuzz_rootFromPath(uint256 leaf, uint32 index, uint256 seed) public pure {
        leaf = bound(leaf, 0, P - 1);
        uint256[] memory siblings = new uint256[](TREE_DEPTH);
        uint256 expected = leaf;
        for (uint256 h; h < TREE_DEPTH; ++h) {
            siblings[h] = uint256(keccak256(abi.encode(seed, h))) % P;
            if ((uint256(index) >> h) & 1 == 1) expected = KeystoreTreeHashing.nodeHash(siblings[h], expected);
            else expected = KeystoreTreeHashing.nodeHash(expected, siblings[h]);
        }
        assertEq(KeystoreTreeHashing.rootFromPath(leaf, index, siblings), expected, "root");
    }

    /// @notice Two adjacent leaves share all siblings above height 0.
    function testFuzz_siblingLeavesShareRoot(uint256 left, uint256 right, uint32 index, uint256 seed) public pure {
        left = bound(left, 0, P - 1);
        right = bound(right, 0, P - 1);
        uint256 even = uint256(index) & ~uint256(1);
        uint256[] memory siblings = new uint256[](TREE_DEPTH);
        for (uint256 h = 1; h < TREE_DEPTH; ++h) {
            siblings[h] = uint256(keccak256(abi.encode(seed, h))) % P;
        }
        siblings[0] = right;
        uint256 rootFromLeft = KeystoreTreeHashing.rootFromPath(left, even, siblings);
        siblings[0] = left;
        uint256 rootFromRight = KeystoreTreeHashing.rootFromPath(right, even + 1, siblings);
        assertEq(rootFromLeft, rootFromRight, "same root from both children");
    }

    // ---------------------------------------------------------------- rejections

    function test_rootFromPathRejectsWrongLength() public {
        uint256[] memory siblings = new uint256[](TREE_DEPTH - 1);
        vm.expectRevert(abi.encodeWithSelector(KeystoreTreeHashing.InvalidPathLength.selector, TREE_DEPTH - 1));
        harness.rootFromPath(0, 0, siblings);
        siblings = new uint256[](TREE_DEPTH + 1);
        vm.expectRevert(abi.encodeWithSelector(KeystoreTreeHashing.InvalidPathLength.selector, TREE_DEPTH + 1));
        harness.rootFromPath(0, 0, siblings);
    }

    function test_rootFromPathRejectsIndexOutOfRange() public {
        uint256[] memory siblings = new uint256[](TREE_DEPTH);
        vm.expectRevert(abi.encodeWithSelector(KeystoreTreeHashing.LeafIndexOutOfRange.selector, uint256(1) << 32));
        harness.rootFromPath(0, uint256(1) << 32, siblings);
    }

    function test_rootFromPathRejectsNonCanonicalSibling() public {
        uint256[] memory siblings = new uint256[](TREE_DEPTH);
        siblings[7] = P;
        vm.expectRevert(abi.encodeWithSelector(Poseidon2.NotAFieldElement.selector, P));
        harness.rootFromPath(0, 0, siblings);
    }

    function test_rootFromPathRejectsNonCanonicalLeaf() public {
        uint256[] memory siblings = new uint256[](TREE_DEPTH);
        vm.expectRevert(abi.encodeWithSelector(Poseidon2.NotAFieldElement.selector, P + 5));
        harness.rootFromPath(P + 5, 1, siblings);
    }

    function test_leafHashRejectsNonCanonical() public {
        vm.expectRevert(abi.encodeWithSelector(Poseidon2.NotAFieldElement.selector, P));
        harness.leafHash(P, 0, 0);
        vm.expectRevert(abi.encodeWithSelector(Poseidon2.NotAFieldElement.selector, P));
        harness.leafHash(0, P, 0);
        vm.expectRevert(abi.encodeWithSelector(Poseidon2.NotAFieldElement.selector, P));
        harness.leafHash(0, 0, P);
    }

    function test_emptySubtreeRootRejectsHeight() public {
        vm.expectRevert(abi.encodeWithSelector(KeystoreTreeHashing.HeightOutOfRange.selector, TREE_DEPTH + 1));
        harness.emptySubtreeRoot(TREE_DEPTH + 1);
    }

    // ---------------------------------------------------------------------- gas

    /// @notice Gas of the tree operations as a contract would call them (internal).
    function test_gasTreeOperations() public view {
        uint256 seed = uint256(keccak256(abi.encode(address(this), gasleft())));
        uint256[] memory siblings = new uint256[](TREE_DEPTH);
        for (uint256 h; h < TREE_DEPTH; ++h) {
            siblings[h] = uint256(keccak256(abi.encode(seed, h))) % P;
        }
        uint256 leaf = seed % P;
        uint256 index = seed >> 224;

        uint256 g0 = gasleft();
        uint256 root = KeystoreTreeHashing.rootFromPath(leaf, index, siblings);
        uint256 g1 = gasleft();
        uint256 lh = KeystoreTreeHashing.leafHash(leaf, root, index);
        uint256 g2 = gasleft();
        uint256 z = KeystoreTreeHashing.emptySubtreeRoot(index % (TREE_DEPTH + 1));
        uint256 g3 = gasleft();

        logNamedUint("rootFromPath_depth32_gas", g0 - g1);
        logNamedUint("leafHash_gas", g1 - g2);
        logNamedUint("emptySubtreeRoot_gas", g2 - g3);
        assertTrue(root != lh || z == 0, "keep results live");
    }

    /// @notice A full depth-32 path through an external call (gas report / snapshot).
    function test_gasRootFromPathExternal() public view {
        uint256[] memory siblings = new uint256[](TREE_DEPTH);
        for (uint256 h; h < TREE_DEPTH; ++h) {
            siblings[h] = uint256(keccak256(abi.encode(h))) % P;
        }
        harness.rootFromPath(123, 0x9abcdef, siblings);
    }
}
