// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title The keystore roots known on this L2 (docs/spec/root-sync.md)
/// @notice What the accounts read: roots proven against L1, when, since
///         when they are no longer the latest, and their verified frontier.
interface IKeystoreRootOracle {
    /// The L1 timestamp of the block the root was proven at, 0 if the root is unknown.
    function rootL1Time(bytes32 root) external view returns (uint64);
    /// The root's L1 time (as rootL1Time) and the L2 block.timestamp at which another root
    /// became the latest root (0 while the root is the latest, or unknown).
    function rootStatus(bytes32 root) external view returns (uint64 l1Time, uint64 supersededAt);
    /// The latest synced root.
    function latestRoot() external view returns (bytes32);
    /// The verified frontier of a known root: the node at `height` covering leaves [0, 2^height).
    function frontier(bytes32 root) external view returns (uint8 height, uint256 node);
}
