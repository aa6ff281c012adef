// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice Cheatcodes the account tests use beyond tools/foundry/testlib/Vm.sol (same
///         address; signatures as in forge 1.7.1).
interface VmExtra {
    struct Wallet {
        address addr;
        uint256 publicKeyX;
        uint256 publicKeyY;
        uint256 privateKey;
    }

    struct Log {
        bytes32[] topics;
        bytes data;
        address emitter;
    }

    function etch(address target, bytes calldata newRuntimeBytecode) external;
    function deal(address account, uint256 newBalance) external;
    function sign(uint256 privateKey, bytes32 digest) external pure returns (uint8 v, bytes32 r, bytes32 s);
    function createWallet(uint256 privateKey) external returns (Wallet memory wallet);
    function recordLogs() external;
    function getRecordedLogs() external returns (Log[] memory logs);
    function expectEmit(address emitter) external;
    function parseJsonAddress(string calldata json, string calldata key) external pure returns (address);
}
