// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title The OP Stack L1Block predeploy, read side
/// @notice The attributes of the latest L1 block known to the L2, as the OP Stack predeploy at
///         0x4200000000000000000000000000000000000015 exposes them (and DevL1Block on a devnet).
interface IL1Block {
    function number() external view returns (uint64);
    function timestamp() external view returns (uint64);
    function basefee() external view returns (uint256);
    function hash() external view returns (bytes32);
    function sequenceNumber() external view returns (uint64);
    function batcherHash() external view returns (bytes32);
    function l1FeeOverhead() external view returns (uint256);
    function l1FeeScalar() external view returns (uint256);
}
