// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {KeystoreTest} from "keystore-test/KeystoreTest.sol";
import {KeystoreRollup} from "../src/KeystoreRollup.sol";
import {Batch} from "./KeystoreRollup.t.sol";
import {Aggregate, AggregateFixture} from "./AggregatedSubmission.t.sol";

/// @notice Drives the rollup with the proven batches 0..2 submitted directly (their L1 proofs)
///         and the proven aggregates of the first two and three (aggregated-2/3.json), in and out
///         of order, intact and altered; counts what it expects to be accepted.
contract AggregatedRollupHandler is KeystoreTest {
    KeystoreRollup internal immutable rollup;
    address internal immutable sequencer;
    Batch[] internal batches;
    bytes[] internal aggregateProofs; // [0]: of batches 0..1, [1]: of batches 0..2

    /// @notice Batches accepted from intact submissions that extend the latest batch.
    uint256 public expectedCount;
    /// @notice Altered or out-of-order submissions the rollup accepted (must stay 0).
    uint256 public wronglyAccepted;
    /// @notice Batches that landed inside an aggregate but not as its last: their roots are
    ///         never recorded.
    mapping(uint256 index => bool) public intermediate;

    constructor(KeystoreRollup rollup_, address sequencer_, Batch[] memory batches_, bytes[] memory proofs) {
        rollup = rollup_;
        sequencer = sequencer_;
        for (uint256 i; i < batches_.length; ++i) {
            batches.push(batches_[i]);
        }
        aggregateProofs.push(proofs[0]);
        aggregateProofs.push(proofs[1]);
    }

    /// @notice Submits batch `which` (mod 3) alone, altered in one field when `alter` says so.
    function submitDirect(uint256 which, uint8 alter, bytes32 noise) external {
        Batch memory b = alterBatch(batches[which % 3], alter, noise);
        bool intact = alter % 5 == 0 && which % 3 == expectedCount;
        vm.prank(sequencer);
        try rollup.submitBatch(1, b.newRoot, b.newLeafCount, b.time, b.forcedCount, b.updates, b.proof) {
            if (intact) {
                expectedCount++;
            } else {
                wronglyAccepted++;
            }
        } catch {}
    }

    /// @notice Submits the aggregate of the first 2 or 3 batches, one of them altered when
    ///         `alter` says so.
    function submitAggregate(bool three, uint256 which, uint8 alter, bytes32 noise) external {
        uint256 n = three ? 3 : 2;
        KeystoreRollup.AggregatedBatch[] memory args = new KeystoreRollup.AggregatedBatch[](n);
        for (uint256 i; i < n; ++i) {
            Batch memory b = batches[i];
            if (i == which % n) b = alterBatch(b, alter, noise);
            args[i] = KeystoreRollup.AggregatedBatch(1, b.newRoot, b.newLeafCount, b.time, b.forcedCount, b.updates);
        }
        bytes memory proof = aggregateProofs[n - 2];
        if (alter % 5 == 4) proof = batches[0].proof; // another proof
        bool intact = alter % 5 == 0 && expectedCount == 0;
        vm.prank(sequencer);
        try rollup.submitAggregated(args, proof) {
            if (intact) {
                for (uint256 i = 1; i < n; ++i) {
                    intermediate[i] = true;
                }
                expectedCount += n;
            } else {
                wronglyAccepted++;
            }
        } catch {}
    }

    /// @notice Lets time pass (up to a minute: the queued transactions stay within their deadline).
    function wait(uint8 seconds_) external {
        vm.warp(block.timestamp + (seconds_ % 60));
    }

    function alterBatch(Batch memory b, uint8 alter, bytes32 noise) internal pure returns (Batch memory) {
        uint8 field = alter % 5; // 0: intact; 4: the proof (replaced above for aggregates)
        if (field == 1) b.newRoot = noise;
        if (field == 2) b.updates = abi.encodePacked(bytes20(noise), noise);
        if (field == 3) b.time = uint64(uint256(noise) % b.time);
        if (field == 4) {
            b.proof = bytes.concat(noise, noise, noise, noise, noise, noise, noise, noise, noise, noise, noise, noise);
        }
        return b;
    }

    function batch(uint256 i) external view returns (Batch memory) {
        return batches[i];
    }
}

/// @notice Direct and aggregated submissions mixed: the batch count, the latest root and the
///         recorded roots stay consistent, whichever path each batch took.
contract AggregatedSubmissionInvariantTest is AggregateFixture {
    AggregatedRollupHandler internal handler;

    function setUp() public override {
        super.setUp();
        Batch[] memory batches = new Batch[](3);
        (batches[0], batches[1], batches[2]) = (b0, b1, loadBatch(2));
        queueForced(batches[1]);
        queueForced(batches[2]);
        bytes[] memory proofs = new bytes[](2);
        Aggregate memory a2 = loadAggregate(2);
        Aggregate memory a3 = loadAggregate(3);
        (proofs[0], proofs[1]) = (a2.proof, a3.proof);
        handler = new AggregatedRollupHandler(rollup, SEQUENCER, batches, proofs);
    }

    /// @dev Read by forge: only the handler is called during the invariant runs.
    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    function invariant_onlyIntactSubmissionsInOrderAreAccepted() public view {
        assertEq(handler.wronglyAccepted(), 0, "altered or out-of-order submissions accepted");
        assertEq(uint256(rollup.batchCount()), handler.expectedCount(), "batch count");
    }

    function invariant_theRootsAndTheQueueFollowTheBatches() public view {
        uint256 count = rollup.batchCount();
        bytes32 expected = count == 0 ? b0.oldRoot : handler.batch(count - 1).newRoot;
        assertEq(rollup.latestRoot(), expected, "latest root");
        uint256 forced;
        for (uint256 i = 0; i < count; i++) {
            Batch memory b = handler.batch(i);
            forced += b.forcedCount;
            (uint64 index,,,) = rollup.rootInfo(b.newRoot);
            if (i > 0 && b.newRoot == handler.batch(i - 1).newRoot) continue; // kept root
            if (handler.intermediate(i + 1) && i + 1 < count && handler.batch(i + 1).newRoot != b.newRoot) {
                // an aggregate's intermediate root: never recorded (unless a later batch kept it)
                assertFalse(rollup.isKnownRoot(b.newRoot), "intermediate root recorded");
            } else {
                assertTrue(rollup.isKnownRoot(b.newRoot), "root recorded");
                assertTrue(uint256(index) >= i + 1 && uint256(index) <= count, "its batch index");
            }
        }
        assertEq(uint256(rollup.forceHead()), forced, "forced transactions popped");
        assertEq(uint256(rollup.leafCount()), count == 0 ? 1 : handler.batch(count - 1).newLeafCount, "leaf count");
    }
}
