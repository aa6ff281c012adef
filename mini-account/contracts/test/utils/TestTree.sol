// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {KeystoreTreeHashing} from "../../src/KeystoreTreeHashing.sol";

/// @notice A small keystore tree in memory for tests (docs/spec/hashing.md §4): the
///         sentinel (0, 0, 0) at index 0, leaves appended left to right, the sorted linked
///         list kept in nextKey. Only the subtree of `height` (the frontier) is built; the
///         rest of the depth-32 tree is empty.
library TestTree {
    struct Leaf {
        uint256 key;
        uint256 nextKey;
        uint256 value;
    }

    struct Tree {
        uint8 height;
        uint256 count;
        Leaf[] leaves;
    }

    function create(uint8 height) internal pure returns (Tree memory t) {
        t.height = height;
        t.leaves = new Leaf[](uint256(1) << height);
        t.count = 1; // the sentinel (0, 0, 0)
    }

    function copy(Tree memory t) internal pure returns (Tree memory c) {
        c.height = t.height;
        c.count = t.count;
        c.leaves = new Leaf[](t.leaves.length);
        for (uint256 i; i < t.count; ++i) {
            c.leaves[i] = Leaf(t.leaves[i].key, t.leaves[i].nextKey, t.leaves[i].value);
        }
    }

    /// @notice The index of the leaf with the largest key below `key`.
    function lowIndex(Tree memory t, uint256 key) internal pure returns (uint256 low) {
        for (uint256 i = 1; i < t.count; ++i) {
            if (t.leaves[i].key < key && t.leaves[i].key > t.leaves[low].key) low = i;
        }
    }

    function indexOf(Tree memory t, uint256 key) internal pure returns (uint256) {
        for (uint256 i = 1; i < t.count; ++i) {
            if (t.leaves[i].key == key) return i;
        }
        revert("TestTree: key absent");
    }

    function insert(Tree memory t, uint256 key, uint256 value) internal pure returns (uint256 index) {
        require(t.count < t.leaves.length, "TestTree: full");
        uint256 low = lowIndex(t, key);
        index = t.count++;
        t.leaves[index] = Leaf(key, t.leaves[low].nextKey, value);
        t.leaves[low].nextKey = key;
    }

    function setValue(Tree memory t, uint256 key, uint256 value) internal pure {
        t.leaves[indexOf(t, key)].value = value;
    }

    function leafHashAt(Tree memory t, uint256 i) internal pure returns (uint256) {
        if (i >= t.count) return 0;
        Leaf memory l = t.leaves[i];
        return KeystoreTreeHashing.leafHash(l.key, l.nextKey, l.value);
    }

    function _level0(Tree memory t) private pure returns (uint256[] memory level) {
        level = new uint256[](t.leaves.length);
        for (uint256 i; i < level.length; ++i) {
            level[i] = leafHashAt(t, i);
        }
    }

    /// @notice F_height: the node covering leaves [0, 2^height).
    function frontier(Tree memory t) internal pure returns (uint256) {
        uint256[] memory level = _level0(t);
        for (uint256 n = level.length; n > 1; n /= 2) {
            for (uint256 i; i < n / 2; ++i) {
                level[i] = KeystoreTreeHashing.nodeHash(level[2 * i], level[2 * i + 1]);
            }
        }
        return level[0];
    }

    /// @notice The `height` siblings of leaf `index`, height 0 first.
    function siblings(Tree memory t, uint256 index) internal pure returns (uint256[] memory s) {
        s = new uint256[](t.height);
        uint256[] memory level = _level0(t);
        for (uint256 h; h < t.height; ++h) {
            s[h] = level[(index >> h) ^ 1];
            for (uint256 i; i < level.length >> (h + 1); ++i) {
                level[i] = KeystoreTreeHashing.nodeHash(level[2 * i], level[2 * i + 1]);
            }
        }
    }
}
