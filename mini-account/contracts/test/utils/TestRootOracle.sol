// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IKeystoreRootOracle} from "../../src/interfaces/IKeystoreRootOracle.sol";
import {KeystoreTreeHashing} from "../../src/KeystoreTreeHashing.sol";

/// @notice Test-only root oracle: records a root from its frontier node F_k (the tree is
///         filled left to right, so the rest of the depth-32 tree is empty: the root is F_k
///         hashed up with Z_k .. Z_31 on the right). The real oracle proves roots from L1.
///         As the real oracle, recording a different root marks the latest one superseded
///         at block.timestamp.
contract TestRootOracle is IKeystoreRootOracle {
    struct Entry {
        uint64 l1Time;
        uint8 height;
        uint64 supersededAt;
        uint256 node;
    }

    mapping(bytes32 => Entry) private _entries;
    bytes32 public latestRoot;

    event RootRecorded(bytes32 indexed root, uint8 height, uint256 node, uint64 l1Time);

    function record(uint8 height, uint256 node, uint64 l1Time) external returns (bytes32 root) {
        root = rootOf(height, node);
        if (root != latestRoot) {
            if (latestRoot != bytes32(0)) _entries[latestRoot].supersededAt = uint64(block.timestamp);
            latestRoot = root;
        }
        _entries[root] = Entry(l1Time, height, 0, node);
        emit RootRecorded(root, height, node, l1Time);
    }

    function rootOf(uint8 height, uint256 node) public pure returns (bytes32) {
        for (uint256 h = height; h < KeystoreTreeHashing.TREE_DEPTH; ++h) {
            node = KeystoreTreeHashing.nodeHash(node, KeystoreTreeHashing.emptySubtreeRoot(h));
        }
        return bytes32(node);
    }

    function rootL1Time(bytes32 root) external view returns (uint64) {
        return _entries[root].l1Time;
    }

    function rootStatus(bytes32 root) external view returns (uint64 l1Time, uint64 supersededAt) {
        Entry storage e = _entries[root];
        return (e.l1Time, e.supersededAt);
    }

    function frontier(bytes32 root) external view returns (uint8 height, uint256 node) {
        Entry storage e = _entries[root];
        return (e.height, e.node);
    }
}
