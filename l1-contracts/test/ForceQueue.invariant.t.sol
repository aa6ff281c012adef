// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {KeystoreTest} from "keystore-test/KeystoreTest.sol";
import {KeystoreRollupQueueHarness} from "./KeystoreRollupQueueHarness.sol";

/// @notice Queues forced transactions, lets time pass, and sends batches of random shapes that
///         take a random number of them; keeps its own record of the queue (a ghost) to judge
///         every batch the rollup accepted.
/// @dev    The batches go through the queue harness (submitBatch's queue code without the
///         proof): accepted batches with real proofs exist only for the fixtures' fixed roots,
///         which cannot follow a random queue. What the proof adds, the forced ids in the public
///         bytes, is tested with the fixtures in ForceInclusion.t.sol.
contract ForceQueueHandler is KeystoreTest {
    KeystoreRollupQueueHarness internal immutable rollup;
    uint64 internal immutable deadline;

    bytes32[] internal ids; // every id queued, by queue index
    uint64[] internal times; // and its queue time
    /// @notice Queue entries taken by accepted batches (the ghost's head).
    uint256 public taken;
    /// @notice Accepted batches that left out a transaction past its deadline among the first F.
    uint256 public skippedPastDeadline;
    /// @notice Accepted batches whose forced ids were not the queue's next ones, in order.
    uint256 public wrongIds;
    /// @notice Accepted batches that took forced transactions above min(F, queued, txCount).
    uint256 public tooMany;
    uint256 public accepted;

    constructor(KeystoreRollupQueueHarness rollup_) {
        rollup = rollup_;
        deadline = rollup_.forceDeadline();
    }

    /// @notice Queues a FinaliseRecovery (unsigned, so any account is a valid transaction).
    function queue(uint160 account) external {
        (uint256 index, bytes32 id) = rollup.forceInclude(abi.encodePacked(hex"0104", account), "");
        require(index == ids.length, "queue index");
        ids.push(id);
        times.push(uint64(block.timestamp));
    }

    /// @notice Lets up to an hour pass.
    function wait(uint32 seconds_) external {
        vm.warp(block.timestamp + seconds_ % 1 hours);
    }

    /// @notice A batch of 1, 4 or 16 slots with 1..slots transactions that takes forcedCount.
    function submit(uint8 size, uint8 txs, uint8 forced) external {
        uint256 slots = size % 3 == 0 ? 1 : size % 3 == 1 ? 4 : 16;
        uint256 txCount = 1 + txs % slots;
        uint256 forcedCount = forced % 6;
        uint256 f = slots < 4 ? slots : 4;
        uint256 due;
        for (uint256 i = taken; i < ids.length && i < taken + f; ++i) {
            if (uint256(times[i]) + deadline <= block.timestamp) due++;
        }
        uint256 queued = ids.length - taken;
        try rollup.takeWithoutProof(slots, forcedCount, txCount) returns (bytes32[] memory got) {
            accepted++;
            if (forcedCount < due) skippedPastDeadline++;
            if (forcedCount > f || forcedCount > queued || forcedCount > txCount) tooMany++;
            for (uint256 j; j < got.length; ++j) {
                if (got[j] != ids[taken + j]) wrongIds++;
            }
            if (got.length != forcedCount) wrongIds++;
            taken += forcedCount;
        } catch {}
    }

    function queuedCount() external view returns (uint256) {
        return ids.length;
    }

    function idAt(uint256 i) external view returns (bytes32, uint64) {
        return (ids[i], times[i]);
    }
}

contract ForceQueueInvariantTest is KeystoreTest {
    KeystoreRollupQueueHarness internal rollup;
    ForceQueueHandler internal handler;

    function setUp() public {
        vm.warp(1_800_000_000);
        rollup = new KeystoreRollupQueueHarness(address(0x0A11CE), bytes32(uint256(1)), 7 days, 30 minutes);
        handler = new ForceQueueHandler(rollup);
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// @notice No accepted batch leaves out a queued transaction past its deadline (among the
    ///         F it could take), takes more than it may, or takes others than the next in order.
    function invariant_queuedTransactionsAreNeverSkippedPastTheirDeadline() public view {
        assertEq(handler.skippedPastDeadline(), 0, "a due transaction was left out");
        assertEq(handler.tooMany(), 0, "more forced transactions than allowed");
        assertEq(handler.wrongIds(), 0, "ids out of queue order");
    }

    /// @notice The queue holds exactly the transactions queued and not yet taken, in order.
    function invariant_theQueueHoldsWhatWasQueuedAndNotTaken() public view {
        assertEq(uint256(rollup.forceHead()), handler.taken(), "head");
        assertEq(uint256(rollup.forceTail()), handler.queuedCount(), "tail");
        for (uint256 i = handler.taken(); i < handler.queuedCount(); ++i) {
            (bytes32 id, uint64 at) = rollup.forcedEntry(i);
            (bytes32 wantId, uint64 wantAt) = handler.idAt(i);
            assertEq(id, wantId, "entry id");
            assertEq(uint256(at), uint256(wantAt), "entry time");
        }
        uint256 due;
        for (uint256 i = handler.taken(); i < handler.queuedCount(); ++i) {
            (, uint64 at) = handler.idAt(i);
            if (uint256(at) + 30 minutes <= block.timestamp) due++;
        }
        assertEq(rollup.forcedDueCount(), due, "due count");
    }
}
