// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Vm} from "./Vm.sol";

/// @title Minimal test base for the keystore Foundry projects (l1-contracts, mini-account)
/// @notice A stand-in for forge-std, which cannot be installed offline: the cheatcode
///         handle, assertions that revert with a readable message (forge reports a
///         reverting test as failed and prints the reason), a console logger, and a
///         few helpers. Map it with the remapping `keystore-test/=<path to this dir>/`.
abstract contract KeystoreTest {
    /// @dev The cheatcode address, address(uint160(uint256(keccak256("hevm cheat code")))).
    Vm internal constant vm = Vm(0x7109709ECfa91a80626fF3989D68f67F5b1DD12D);

    /// @dev forge's console: calls to this address are printed under "Logs:" (-vv)
    ///      and listed in `forge test --json` as decoded_logs.
    address private constant CONSOLE = 0x000000000000000000636F6e736F6c652e6c6f67;

    // ------------------------------------------------------------------ logging

    function log(string memory message) internal view {
        _console(abi.encodeWithSignature("log(string)", message));
    }

    /// @notice Prints "<name>: <value>" (decimal).
    function logNamedUint(string memory name, uint256 value) internal view {
        _console(abi.encodeWithSignature("log(string,uint256)", string.concat(name, ":"), value));
    }

    function _console(bytes memory payload) private view {
        // The console never returns data; ignore the call's outcome.
        (bool ok,) = CONSOLE.staticcall(payload);
        ok;
    }

    // ---------------------------------------------------------------- assertions

    function fail(string memory message) internal pure {
        revert(string.concat("assertion failed: ", message));
    }

    function assertTrue(bool condition, string memory message) internal pure {
        if (!condition) fail(message);
    }

    function assertFalse(bool condition, string memory message) internal pure {
        if (condition) fail(message);
    }

    function assertEq(uint256 actual, uint256 expected, string memory message) internal pure {
        if (actual != expected) {
            fail(string.concat(message, ": expected ", vm.toString(expected), ", got ", vm.toString(actual)));
        }
    }

    function assertEq(bytes32 actual, bytes32 expected, string memory message) internal pure {
        if (actual != expected) {
            fail(string.concat(message, ": expected ", vm.toString(expected), ", got ", vm.toString(actual)));
        }
    }

    function assertEq(address actual, address expected, string memory message) internal pure {
        if (actual != expected) {
            fail(string.concat(message, ": expected ", vm.toString(expected), ", got ", vm.toString(actual)));
        }
    }

    function assertEq(bool actual, bool expected, string memory message) internal pure {
        if (actual != expected) {
            fail(string.concat(message, ": expected ", vm.toString(expected), ", got ", vm.toString(actual)));
        }
    }

    function assertEq(bytes memory actual, bytes memory expected, string memory message) internal pure {
        if (keccak256(actual) != keccak256(expected)) fail(string.concat(message, ": bytes differ"));
    }

    function assertEq(string memory actual, string memory expected, string memory message) internal pure {
        if (keccak256(bytes(actual)) != keccak256(bytes(expected))) {
            fail(string.concat(message, ": expected \"", expected, "\", got \"", actual, "\""));
        }
    }

    function assertNotEq(uint256 actual, uint256 unexpected, string memory message) internal pure {
        if (actual == unexpected) fail(string.concat(message, ": both are ", vm.toString(actual)));
    }

    function assertLt(uint256 a, uint256 b, string memory message) internal pure {
        if (a >= b) fail(string.concat(message, ": expected ", vm.toString(a), " < ", vm.toString(b)));
    }

    function assertLe(uint256 a, uint256 b, string memory message) internal pure {
        if (a > b) fail(string.concat(message, ": expected ", vm.toString(a), " <= ", vm.toString(b)));
    }

    function assertGe(uint256 a, uint256 b, string memory message) internal pure {
        if (a < b) fail(string.concat(message, ": expected ", vm.toString(a), " >= ", vm.toString(b)));
    }

    // ------------------------------------------------------------------- helpers

    /// @notice Maps a fuzzed x into [min, max] (inclusive) without discarding runs.
    function bound(uint256 x, uint256 min, uint256 max) internal pure returns (uint256) {
        require(min <= max, "bound: min > max");
        uint256 size = max - min;
        if (size == type(uint256).max) return x;
        return min + (x % (size + 1));
    }

    /// @notice Reads a file given relative to the project root (the dir of foundry.toml).
    function readProjectFile(string memory relativePath) internal view returns (string memory) {
        return vm.readFile(string.concat(vm.projectRoot(), "/", relativePath));
    }

    /// @notice "<prefix>[<i>]<suffix>", for JSON paths such as ".leaf[3].hash".
    function jsonPath(string memory prefix, uint256 i, string memory suffix) internal pure returns (string memory) {
        return string.concat(prefix, "[", vm.toString(i), "]", suffix);
    }
}
