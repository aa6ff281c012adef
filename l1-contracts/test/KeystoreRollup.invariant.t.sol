// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {KeystoreTest} from "keystore-test/KeystoreTest.sol";
import {KeystoreRollup} from "../src/KeystoreRollup.sol";
import {Batch, RollupFixture} from "./KeystoreRollup.t.sol";

/// @notice Drives the rollup with the proven batches, in and out of order, intact and altered,
///         and with garbage; counts what it expects to be accepted.
contract RollupHandler is KeystoreTest {
    KeystoreRollup internal immutable rollup;
    address internal immutable sequencer;
    Batch[] internal batches;

    /// @notice Batches the handler submitted intact and in order (the only ones that may land).
    uint256 public expectedCount;
    /// @notice Altered or out-of-order batches the rollup accepted (must stay 0).
    uint256 public wronglyAccepted;

    constructor(KeystoreRollup rollup_, address sequencer_, Batch memory b0, Batch memory b1) {
        rollup = rollup_;
        sequencer = sequencer_;
        batches.push(b0);
        batches.push(b1);
    }

    /// @notice Submits batch `which` (mod 2), altered in one field when `alter` says so.
    function submit(uint256 which, uint8 alter, bytes32 noise) external {
        Batch memory b = batches[which % 2];
        bool inOrder = which % 2 == expectedCount;
        uint8 field = alter % 5; // 0: intact
        if (field == 1) b.newRoot = noise;
        if (field == 2) b.updates = abi.encodePacked(bytes20(noise), noise);
        if (field == 3) b.time = uint64(uint256(noise) % b.time);
        if (field == 4) {
            b.proof = bytes.concat(noise, noise, noise, noise, noise, noise, noise, noise, noise, noise, noise, noise);
        }
        vm.prank(sequencer);
        try rollup.submitBatch(1, b.newRoot, b.newLeafCount, b.time, b.forcedCount, b.updates, b.proof) {
            if (field == 0 && inOrder) {
                expectedCount++;
            } else {
                wronglyAccepted++;
            }
        } catch {}
    }

    /// @notice Lets time pass (up to a day).
    function wait(uint32 seconds_) external {
        vm.warp(block.timestamp + (seconds_ % 1 days));
    }

    function batch(uint256 i) external view returns (Batch memory) {
        return batches[i];
    }
}

contract KeystoreRollupInvariantTest is RollupFixture {
    RollupHandler internal handler;

    function setUp() public override {
        super.setUp();
        handler = new RollupHandler(rollup, SEQUENCER, b0, b1);
    }

    /// @dev Read by forge: only the handler is called during the invariant runs.
    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    function invariant_onlyIntactBatchesInOrderAreAccepted() public view {
        assertEq(handler.wronglyAccepted(), 0, "altered or out-of-order batches accepted");
        assertEq(uint256(rollup.batchCount()), handler.expectedCount(), "batch count");
    }

    function invariant_theRootsFormAnUnbrokenChain() public view {
        uint256 count = rollup.batchCount();
        bytes32 expected = count == 0 ? b0.oldRoot : handler.batch(count - 1).newRoot;
        assertEq(rollup.latestRoot(), expected, "latest root");
        (uint64 latestIndex,,,) = rollup.rootInfo(expected);
        assertEq(uint256(latestIndex), count, "index of the latest root");
        for (uint256 i = 0; i < count; i++) {
            Batch memory b = handler.batch(i);
            (uint64 index,,,) = rollup.rootInfo(b.newRoot);
            assertEq(uint256(index), i + 1, "index of each root");
            assertEq(
                b.oldRoot, i == 0 ? b0.oldRoot : handler.batch(i - 1).newRoot, "each batch starts where the last ended"
            );
        }
    }
}
