// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IEntryPoint} from "@account-abstraction/contracts/interfaces/IEntryPoint.sol";
import {PackedUserOperation} from "@account-abstraction/contracts/interfaces/PackedUserOperation.sol";
import {KeystoreProofVerifier} from "../../src/KeystoreProofVerifier.sol";
import {KeystoreFixtures} from "./KeystoreFixtures.sol";
import {TestRootOracle} from "./TestRootOracle.sol";
import {TestTree} from "./TestTree.sol";
import {VmExtra} from "./VmExtra.sol";

/// @notice The real EntryPoint v0.7, a test oracle, and a keystore tree holding a few other
///         accounts, for the account and validator tests.
abstract contract AccountTestBase is KeystoreFixtures {
    using TestTree for TestTree.Tree;

    uint64 internal constant MAX_ROOT_AGE = 1 hours;
    uint64 internal constant ROOT_GRACE = 300;
    uint64 internal constant START = 1_700_000_000;
    uint8 internal constant HEIGHT = 3;
    bytes32 internal constant USER_OP_EVENT =
        keccak256("UserOperationEvent(bytes32,address,address,uint256,bool,uint256,uint256)");
    bytes32 internal constant USER_OP_REVERT_EVENT =
        keccak256("UserOperationRevertReason(bytes32,address,uint256,bytes)");

    IEntryPoint internal ep;
    TestRootOracle internal oracle;
    KeystoreProofVerifier internal verifier;
    address payable internal beneficiary = payable(address(0xBEEF));

    function _setUpChain() internal {
        vm.warp(START);
        ep = IEntryPoint(deployEntryPoint());
        oracle = new TestRootOracle();
        verifier = new KeystoreProofVerifier();
    }

    /// @dev A tree with the sentinel and three accounts spread around the key space.
    function _baseTree() internal pure returns (TestTree.Tree memory t) {
        t = TestTree.create(HEIGHT);
        t.insert(uint256(1) << 158, 0x111);
        t.insert(uint256(3) << 157, 0x222);
        t.insert(7, 0x333);
    }

    function _record(TestTree.Tree memory t, uint64 l1Time) internal returns (bytes32) {
        return oracle.record(t.height, t.frontier(), l1Time);
    }

    function _sign(PackedUserOperation memory op, uint256 pk) internal view returns (bytes memory) {
        return ecdsa(pk, ethSigned(ep.getUserOpHash(op)));
    }

    /// @dev handleOps with one op; returns the op's execution outcome from the EntryPoint's events.
    function _handle(PackedUserOperation memory op) internal returns (bool success, bytes memory revertReason) {
        PackedUserOperation[] memory ops = new PackedUserOperation[](1);
        ops[0] = op;
        vmx.recordLogs();
        ep.handleOps(ops, beneficiary);
        VmExtra.Log[] memory logs = vmx.getRecordedLogs();
        bool seen;
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].emitter != address(ep)) continue;
            if (logs[i].topics[0] == USER_OP_EVENT) {
                (, success,,) = abi.decode(logs[i].data, (uint256, bool, uint256, uint256));
                seen = true;
            } else if (logs[i].topics[0] == USER_OP_REVERT_EVENT) {
                (, revertReason) = abi.decode(logs[i].data, (uint256, bytes));
            }
        }
        assertTrue(seen, "UserOperationEvent");
    }

    function _expectFailedOp(string memory reason) internal {
        vm.expectRevert(abi.encodeWithSelector(IEntryPoint.FailedOp.selector, 0, reason));
    }

    function _expectFailedOpWithRevert(bytes memory inner) internal {
        vm.expectRevert(abi.encodeWithSelector(IEntryPoint.FailedOpWithRevert.selector, 0, "AA23 reverted", inner));
    }

    /// @dev handleOps must fail with FailedOpWithRevert(0, "AA23 reverted", inner) and inner's
    ///      selector must be `selector` (for errors whose arguments the test cannot predict).
    function _handleExpectingAA23(PackedUserOperation memory op, bytes4 selector) internal {
        PackedUserOperation[] memory ops = new PackedUserOperation[](1);
        ops[0] = op;
        try ep.handleOps(ops, beneficiary) {
            fail("handleOps accepted the op");
        } catch (bytes memory reason) {
            assertEq(bytes4(reason), IEntryPoint.FailedOpWithRevert.selector, "FailedOpWithRevert");
            bytes memory body = new bytes(reason.length - 4);
            for (uint256 i; i < body.length; ++i) {
                body[i] = reason[i + 4];
            }
            (uint256 index, string memory what, bytes memory inner) = abi.decode(body, (uint256, string, bytes));
            assertEq(index, 0, "op index");
            assertEq(what, "AA23 reverted", "AA23");
            assertEq(bytes4(inner), selector, "inner error");
        }
    }

    function _handleExpectingRevert(PackedUserOperation memory op) internal {
        PackedUserOperation[] memory ops = new PackedUserOperation[](1);
        ops[0] = op;
        ep.handleOps(ops, beneficiary);
    }

    /// @dev The same ECDSA signature with s replaced by n - s (and v flipped): valid for
    ///      ecrecover, refused as high-s.
    function _highS(bytes memory sig65) internal pure returns (bytes memory) {
        uint256 n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141;
        bytes32 r;
        uint256 s;
        uint8 v;
        assembly {
            r := mload(add(sig65, 32))
            s := mload(add(sig65, 64))
            v := byte(0, mload(add(sig65, 96)))
        }
        return abi.encodePacked(r, n - s, v == 27 ? uint8(28) : uint8(27));
    }
}
