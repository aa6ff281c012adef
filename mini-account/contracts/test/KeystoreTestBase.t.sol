// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {KeystoreTest} from "keystore-test/KeystoreTest.sol";

/// @dev Calls the assertion helpers from outside, so that their reverts can be expected.
error Failure(uint256 code);
error Halt();

contract AssertionProbe is KeystoreTest {
    function failWith(uint256 code) external pure {
        revert Failure(code);
    }

    function halt() external pure {
        revert Halt();
    }

    function eqUint(uint256 a, uint256 b) external pure {
        assertEq(a, b, "probe");
    }

    function eqBytes32(bytes32 a, bytes32 b) external pure {
        assertEq(a, b, "probe");
    }

    function isTrue(bool c) external pure {
        assertTrue(c, "probe");
    }

    function lt(uint256 a, uint256 b) external pure {
        assertLt(a, b, "probe");
    }
}

/// @notice Self-test of tools/foundry/testlib against this forge: every cheatcode the
///         Vm interface declares is called once (a wrong signature would revert), and
///         the assertions fail with the documented messages.
contract KeystoreTestBaseTest is KeystoreTest {
    string internal constant FILE = "../../test-vectors/poseidon2-bn254.json";

    function test_cheatcodesReadJson() public view {
        string memory json = readProjectFile(FILE);
        assertTrue(vm.keyExistsJson(json, ".params.roundKeys"), "keyExistsJson");
        assertFalse(vm.keyExistsJson(json, ".nope"), "keyExistsJson (missing)");
        assertEq(vm.parseJsonUint(json, ".params.width"), 2, "parseJsonUint");
        assertEq(vm.parseJsonString(json, ".gnarkCryptoVersion"), "v0.21.0", "parseJsonString");
        assertEq(
            vm.parseJsonBytes32(json, ".params.modulus"),
            bytes32(0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001),
            "parseJsonBytes32"
        );
        assertEq(vm.parseJsonBytes32Array(json, ".emptySubtreeRoots").length, 33, "parseJsonBytes32Array");
        uint256[] memory keys = vm.parseJsonUintArray(json, ".params.roundKeys[0]");
        assertEq(keys.length, 2, "parseJsonUintArray");
        assertEq(keys[0], 0x1da4d6adfb0d0b494584f763db50a81908580a5f5e295e168b9b8d31770fac4f, "round key 0");
        assertEq(abi.decode(vm.parseJson(json, ".params.fullRounds"), (uint256)), 6, "parseJson");
        assertEq(vm.toString(uint256(42)), "42", "toString(uint256)");
        assertEq(vm.toString(true), "true", "toString(bool)");
        assertEq(vm.toString(address(0)), "0x0000000000000000000000000000000000000000", "toString(address)");
        assertEq(
            vm.toString(bytes32(uint256(1))),
            "0x0000000000000000000000000000000000000000000000000000000000000001",
            "toString(bytes32)"
        );
        assertEq(jsonPath(".leaf", 3, ".hash"), ".leaf[3].hash", "jsonPath");
    }

    function test_cheatcodesGasMeteringAndAssume() public {
        vm.pauseGasMetering();
        vm.resumeGasMetering();
        vm.assume(true);
        logNamedUint("testlib_selftest", 1);
        log("testlib: log(string)");
    }

    function test_assertionsFailWithMessage() public {
        AssertionProbe probe = new AssertionProbe();
        probe.eqUint(1, 1);
        vm.expectRevert(bytes("assertion failed: probe: expected 2, got 1"));
        probe.eqUint(1, 2);
        vm.expectRevert(
            bytes(
                "assertion failed: probe: expected 0x0000000000000000000000000000000000000000000000000000000000000002, got 0x0000000000000000000000000000000000000000000000000000000000000001"
            )
        );
        probe.eqBytes32(bytes32(uint256(1)), bytes32(uint256(2)));
        vm.expectRevert(bytes("assertion failed: probe"));
        probe.isTrue(false);
        vm.expectRevert(bytes("assertion failed: probe: expected 3 < 3"));
        probe.lt(3, 3);
        vm.expectRevert();
        probe.lt(4, 3);
        vm.expectRevert(abi.encodeWithSelector(Failure.selector, 7));
        probe.failWith(7);
        // expectRevert(bytes4) wants the revert data to be exactly the selector.
        vm.expectRevert(Halt.selector);
        probe.halt();
    }

    function test_bound() public pure {
        assertEq(bound(0, 5, 9), 5, "bound low");
        assertEq(bound(4, 5, 9), 9, "bound wrap");
        assertEq(bound(7, 5, 5), 5, "bound single");
        assertEq(bound(123, 0, type(uint256).max), 123, "bound full range");
    }
}
