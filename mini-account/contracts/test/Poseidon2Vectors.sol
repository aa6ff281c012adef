// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {KeystoreTest} from "keystore-test/KeystoreTest.sol";

/// @notice Loads test-vectors/poseidon2-bn254.json (generated from gnark-crypto by
///         keystore-circuits/cmd/gen-vectors), shared by the Java, Go and Solidity suites.
/// @dev    forge's parseJson encodes object fields in alphabetical order of their
///         keys, so the struct fields below follow that order.
abstract contract Poseidon2Vectors is KeystoreTest {
    string internal constant VECTOR_FILE = "../../test-vectors/poseidon2-bn254.json";

    uint256 internal constant COMPRESS_VECTORS = 104;
    uint256 internal constant TREE_DEPTH = 32;

    struct CompressVector {
        bytes32 left;
        bytes32 out;
        bytes32 right;
    }

    struct PermutationVector {
        bytes32[] input; // JSON key "in"
        bytes32[] output; // JSON key "out"
    }

    struct LeafVector {
        bytes32 hash;
        bytes32 key;
        bytes32 nextKey;
        bytes32 value;
    }

    function vectorJson() internal view returns (string memory) {
        return readProjectFile(VECTOR_FILE);
    }

    function compressVectors() internal view returns (CompressVector[] memory v) {
        v = abi.decode(vm.parseJson(vectorJson(), ".compress"), (CompressVector[]));
        assertEq(v.length, COMPRESS_VECTORS, "number of compress vectors");
    }

    function permutationVectors() internal view returns (PermutationVector[] memory v) {
        v = abi.decode(vm.parseJson(vectorJson(), ".permutation"), (PermutationVector[]));
        assertTrue(v.length > 0, "no permutation vectors");
    }

    function leafVectors() internal view returns (LeafVector[] memory v) {
        v = abi.decode(vm.parseJson(vectorJson(), ".leaf"), (LeafVector[]));
        assertTrue(v.length > 0, "no leaf vectors");
    }

    function emptySubtreeRootVectors() internal view returns (bytes32[] memory z) {
        z = vm.parseJsonBytes32Array(vectorJson(), ".emptySubtreeRoots");
        assertEq(z.length, TREE_DEPTH + 1, "number of empty subtree roots");
    }

    function genesisRootVector() internal view returns (bytes32) {
        return vm.parseJsonBytes32(vectorJson(), ".genesisRoot");
    }
}
