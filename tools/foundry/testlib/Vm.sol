// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title The Foundry cheatcodes the keystore test suites use
/// @notice Declares only what we call (signatures as in forge 1.7.1; each one is
///         exercised by a test of mini-account/contracts or l1-contracts); add more
///         as needed. forge-std is not available offline, hence this file.
/// @dev    Served by forge at address(uint160(uint256(keccak256("hevm cheat code")))),
///         see KeystoreTest.vm.
interface Vm {
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

    // --- files and JSON (reads need fs_permissions in foundry.toml) ---
    function projectRoot() external view returns (string memory path);
    function readFile(string calldata path) external view returns (string memory data);
    function exists(string calldata path) external view returns (bool result);
    function keyExistsJson(string calldata json, string calldata key) external view returns (bool);
    function parseJson(string calldata json, string calldata key) external pure returns (bytes memory abiEncodedData);
    function parseJsonUint(string calldata json, string calldata key) external pure returns (uint256);
    function parseJsonUintArray(string calldata json, string calldata key) external pure returns (uint256[] memory);
    function parseJsonBytes32(string calldata json, string calldata key) external pure returns (bytes32);
    function parseJsonBytes32Array(string calldata json, string calldata key) external pure returns (bytes32[] memory);
    function parseJsonString(string calldata json, string calldata key) external pure returns (string memory);
    function parseJsonBytes(string calldata json, string calldata key) external pure returns (bytes memory);
    function parseJsonAddress(string calldata json, string calldata key) external pure returns (address);

    // --- environment ---
    function prank(address sender) external;
    function startPrank(address sender) external;
    function stopPrank() external;
    function warp(uint256 timestamp) external;
    function load(address target, bytes32 slot) external view returns (bytes32 data);
    function roll(uint256 blockNumber) external;
    function setNonce(address account, uint64 nonce) external;
    function etch(address target, bytes calldata newRuntimeBytecode) external;

    // --- expectations and fuzzing ---
    function expectRevert() external;
    /// @dev The revert data must be exactly these 4 bytes (an error without arguments);
    ///      for errors with arguments use expectRevert(abi.encodeWithSelector(...)).
    function expectRevert(bytes4 revertData) external;
    function expectRevert(bytes calldata revertData) external;
    function assume(bool condition) external pure;

    // --- keys and signatures (secp256k1) ---
    function createWallet(uint256 privateKey) external returns (Wallet memory wallet);
    function sign(uint256 privateKey, bytes32 digest) external pure returns (uint8 v, bytes32 r, bytes32 s);

    // --- keys and signatures (P-256) ---
    function signP256(uint256 privateKey, bytes32 digest) external pure returns (bytes32 r, bytes32 s);
    function publicKeyP256(uint256 privateKey) external pure returns (uint256 publicKeyX, uint256 publicKeyY);

    // --- logs ---
    function recordLogs() external;
    function getRecordedLogs() external returns (Log[] memory logs);

    // --- gas ---
    function pauseGasMetering() external;
    function resumeGasMetering() external;

    // --- strings ---
    function toString(uint256 value) external pure returns (string memory);
    function toString(bytes32 value) external pure returns (string memory);
    function toString(address value) external pure returns (string memory);
    function toString(bool value) external pure returns (string memory);
}
