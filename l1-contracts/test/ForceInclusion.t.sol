// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Vm} from "keystore-test/Vm.sol";
import {KeystoreRollup} from "../src/KeystoreRollup.sol";
import {ForcedTx} from "../src/ForcedTx.sol";
import {Batch, RollupFixture} from "./KeystoreRollup.t.sol";
import {ForcedTxBuilder} from "./ForcedTxBuilder.sol";
import {KeystoreRollupQueueHarness} from "./KeystoreRollupQueueHarness.sol";

/// @notice Force inclusion on the rollup (proof.md §7): the queue, its views and events, the
///         bounds of forcedCount and the due rule in submitBatch, the forced ids in the public
///         input, and a proven batch that takes forced transactions from the queue.
contract ForceInclusionTest is RollupFixture, ForcedTxBuilder {
    bytes32 internal constant FORCE_QUEUED = keccak256("ForceQueued(uint256,bytes32,uint64,bytes,bytes)");
    bytes32 internal constant FORCED_TXS_INCLUDED = keccak256("ForcedTxsIncluded(uint64,uint256,uint256)");

    address internal account;
    bytes internal update;
    KeystoreRollupQueueHarness internal queue; // the same queue code without proofs

    function setUp() public override {
        super.setUp();
        setUpBuilder(rollup.domainSeparator());
        account = accountOf(1, owner, 2, 1);
        update = updateConfig(account, 0, settings(owner, 2, 1), hex"00", owner.privateKey);
        queue = new KeystoreRollupQueueHarness(OWNER, b0.oldRoot, BASED_TIMEOUT, FORCE_DEADLINE);
    }

    function queueFinalise(KeystoreRollup r, uint256 seed) internal returns (bytes32 id) {
        (, id) = r.forceInclude(finaliseRecovery(address(uint160(seed))), "");
    }

    // ------------------------------------------------------------------ queueing

    function test_anyoneQueuesAValidTransactionWithItsIdAndTime() public {
        vm.recordLogs();
        vm.prank(address(0xBEEF));
        (uint256 index, bytes32 id) = rollup.forceInclude(update, signerKeyOf(owner));
        assertEq(index, 0, "first index");
        assertEq(id, harness.validate(update, signerKeyOf(owner), rollup.domainSeparator()), "id");
        assertEq(rollup.forceQueueLength(), 1, "length");
        assertEq(uint256(rollup.forceHead()), 0, "head");
        assertEq(uint256(rollup.forceTail()), 1, "tail");
        (bytes32 storedId, uint64 queuedAt) = rollup.forcedEntry(0);
        assertEq(storedId, id, "stored id");
        assertEq(uint256(queuedAt), block.timestamp, "queued at");

        Vm.Log[] memory logs = vm.getRecordedLogs();
        assertEq(logs.length, 1, "one event");
        assertEq(logs[0].topics[0], FORCE_QUEUED, "ForceQueued");
        assertEq(uint256(logs[0].topics[1]), 0, "event index");
        assertEq(logs[0].topics[2], id, "event id");
        (uint64 at, bytes memory t, bytes memory key_) = abi.decode(logs[0].data, (uint64, bytes, bytes));
        assertEq(uint256(at), block.timestamp, "event time");
        assertEq(t, update, "event transaction");
        assertEq(key_, signerKeyOf(owner), "event signer key");
    }

    function test_queuesEveryTypeInFifoOrder() public {
        bytes[] memory txs = new bytes[](4);
        bytes[] memory keys = new bytes[](4);
        txs[0] = update;
        keys[0] = signerKeyOf(owner);
        txs[1] = approveRecovery(account, 1, thief, 0, creation(1, owner, 2, 1), guardians[1].privateKey);
        keys[1] = signerKeyOf(guardians[1]);
        txs[2] = cancelRecovery(account, 4, owner.privateKey);
        keys[2] = signerKeyOf(owner);
        txs[3] = finaliseRecovery(account);
        for (uint256 i; i < 4; ++i) {
            vm.warp(block.timestamp + 1);
            (uint256 index, bytes32 id) = rollup.forceInclude(txs[i], keys[i]);
            assertEq(index, i, "index");
            (bytes32 stored, uint64 at) = rollup.forcedEntry(i);
            assertEq(stored, id, "entry id");
            assertEq(uint256(at), block.timestamp, "entry time");
        }
        assertEq(rollup.forceQueueLength(), 4, "length");
    }

    function test_rejectsAnInvalidTransactionAndQueuesNothing() public {
        vm.expectRevert(abi.encodeWithSelector(ForcedTx.WrongSigner.selector, owner.addr, thief.addr));
        rollup.forceInclude(update, signerKeyOf(thief));
        vm.expectRevert(abi.encodeWithSelector(ForcedTx.UnsupportedVersion.selector, uint8(0)));
        rollup.forceInclude(hex"00", "");
        assertEq(rollup.forceQueueLength(), 0, "nothing queued");
    }

    function test_aTransactionSignedForAnotherRollupIsRejected() public {
        bytes memory t = update;
        separator = keccak256("another rollup's domain");
        bytes memory foreign = updateConfig(account, 0, settings(owner, 2, 1), hex"00", owner.privateKey);
        vm.expectRevert();
        rollup.forceInclude(foreign, signerKeyOf(owner));
        rollup.forceInclude(t, signerKeyOf(owner));
    }

    function test_entriesOutsideTheQueueAreRefused() public {
        vm.expectRevert(abi.encodeWithSelector(KeystoreRollup.NotInForceQueue.selector, uint256(0)));
        rollup.forcedEntry(0);
        queueFinalise(rollup, 1);
        vm.expectRevert(abi.encodeWithSelector(KeystoreRollup.NotInForceQueue.selector, uint256(1)));
        rollup.forcedEntry(1);
    }

    function test_theDueCountGrowsAsDeadlinesPass() public {
        uint256 t0 = block.timestamp;
        queueFinalise(rollup, 1);
        vm.warp(t0 + 10 minutes);
        queueFinalise(rollup, 2);
        queueFinalise(rollup, 3);
        assertEq(rollup.forcedDueCount(), 0, "nothing due yet");
        vm.warp(t0 + FORCE_DEADLINE - 1);
        assertEq(rollup.forcedDueCount(), 0, "a second before the deadline");
        vm.warp(t0 + FORCE_DEADLINE);
        assertEq(rollup.forcedDueCount(), 1, "the first at its deadline");
        vm.warp(t0 + 10 minutes + FORCE_DEADLINE);
        assertEq(rollup.forcedDueCount(), 3, "all");
    }

    /// @notice The L2 root oracle proves storage slots 0 (latestRoot) and 1 (leafCount,
    ///         batchCount, lastBatchTime, lastSubmittedAt packed): the queue lives after them.
    function test_theQueueLeavesTheSlotsTheL2OracleProvesInPlace() public {
        queueFinalise(rollup, 1);
        assertEq(vm.load(address(rollup), bytes32(0)), rollup.latestRoot(), "slot 0");
        uint256 packed = uint256(rollup.leafCount()) | (uint256(rollup.batchCount()) << 64)
            | (uint256(rollup.lastBatchTime()) << 128) | (uint256(rollup.lastSubmittedAt()) << 192);
        assertEq(uint256(vm.load(address(rollup), bytes32(uint256(1)))), packed, "slot 1");
        assertEq(uint256(vm.load(address(rollup), bytes32(uint256(6)))), uint256(1) << 64, "head 0, tail 1 in slot 6");
    }

    // ------------------------------------------------------------------ forcedCount and the due rule

    function test_rejectsAForcedCountAboveTheQueueLength() public {
        vm.prank(SEQUENCER);
        vm.expectRevert(abi.encodeWithSelector(KeystoreRollup.BadForcedCount.selector, uint256(1), uint256(0)));
        rollup.submitBatch(1, b0.newRoot, b0.newLeafCount, b0.time, 1, b0.updates, b0.proof);
    }

    function test_rejectsAForcedCountAboveF() public {
        queueFinalise(rollup, 1);
        queueFinalise(rollup, 2);
        vm.prank(SEQUENCER);
        vm.expectRevert(abi.encodeWithSelector(KeystoreRollup.BadForcedCount.selector, uint256(2), uint256(1)));
        rollup.submitBatch(1, b0.newRoot, b0.newLeafCount, b0.time, 2, b0.updates, b0.proof);
    }

    function test_rejectsAForcedCountAboveTheTransactionCount() public {
        vm.prank(OWNER);
        rollup.setVerifier(4, verifier); // the size only matters for the checks before the proof
        queueFinalise(rollup, 1);
        queueFinalise(rollup, 2);
        vm.prank(SEQUENCER);
        vm.expectRevert(abi.encodeWithSelector(KeystoreRollup.BadForcedCount.selector, uint256(2), uint256(1)));
        rollup.submitBatch(4, b0.newRoot, b0.newLeafCount, b0.time, 2, b0.updates, b0.proof);
    }

    function test_rejectsABatchThatLeavesOutADueTransaction() public {
        queueFinalise(rollup, 1);
        uint64 queuedAt = uint64(block.timestamp);
        vm.warp(block.timestamp + FORCE_DEADLINE);
        expectSubmitReverts(b0, abi.encodeWithSelector(KeystoreRollup.ForcedTxDue.selector, uint256(0), queuedAt));
    }

    function test_rejectsABatchTooSmallForTheDueTransactions() public {
        vm.prank(OWNER);
        rollup.setVerifier(4, verifier);
        queueFinalise(rollup, 1);
        queueFinalise(rollup, 2);
        uint64 queuedAt = uint64(block.timestamp);
        vm.warp(block.timestamp + FORCE_DEADLINE);
        // one transaction takes one forced id: the second due one is left out
        vm.prank(SEQUENCER);
        vm.expectRevert(abi.encodeWithSelector(KeystoreRollup.ForcedTxDue.selector, uint256(1), queuedAt));
        rollup.submitBatch(4, b0.newRoot, b0.newLeafCount, b0.time, 1, b0.updates, b0.proof);
    }

    function test_aBatchMayLeaveOutTransactionsNotYetDue() public {
        queueFinalise(rollup, 1);
        vm.warp(block.timestamp + FORCE_DEADLINE - 1);
        submit(b0); // forcedCount 0 (proven by the batch circuit with a zero forced id)
        assertEq(rollup.latestRoot(), b0.newRoot, "accepted");
        assertEq(rollup.forceQueueLength(), 1, "still queued");
    }

    // ------------------------------------------------------------------ taking and popping (queue code, no proof)

    function test_aBatchPopsTheForcedTransactionsItTakesInQueueOrder() public {
        bytes32[] memory ids = new bytes32[](3);
        for (uint256 i; i < 3; ++i) {
            ids[i] = queueFinalise(queue, i + 1);
        }
        vm.recordLogs();
        bytes32[] memory taken = queue.takeWithoutProof(4, 2, 3);
        assertEq(taken.length, 2, "taken");
        assertEq(taken[0], ids[0], "first id");
        assertEq(taken[1], ids[1], "second id");
        assertEq(uint256(queue.forceHead()), 2, "head");
        assertEq(queue.forceQueueLength(), 1, "left");
        (bytes32 next,) = queue.forcedEntry(2);
        assertEq(next, ids[2], "the rest stays");
        vm.expectRevert(abi.encodeWithSelector(KeystoreRollup.NotInForceQueue.selector, uint256(1)));
        queue.forcedEntry(1);

        Vm.Log[] memory logs = vm.getRecordedLogs();
        assertEq(logs[0].topics[0], FORCED_TXS_INCLUDED, "ForcedTxsIncluded");
        assertEq(uint256(logs[0].topics[1]), 1, "batch index");
        (uint256 first, uint256 count) = abi.decode(logs[0].data, (uint256, uint256));
        assertEq(first, 0, "first index");
        assertEq(count, 2, "count");
    }

    function test_aLongDueQueueIsWorkedOffFPerBatch() public {
        for (uint256 i; i < 6; ++i) {
            queueFinalise(queue, i + 1);
        }
        uint64 queuedAt = uint64(block.timestamp);
        vm.warp(block.timestamp + FORCE_DEADLINE);
        assertEq(queue.forcedDueCount(), 6, "all due");
        vm.expectRevert(abi.encodeWithSelector(KeystoreRollup.ForcedTxDue.selector, uint256(3), queuedAt));
        queue.takeWithoutProof(16, 3, 16);
        vm.expectRevert(abi.encodeWithSelector(KeystoreRollup.BadForcedCount.selector, uint256(5), uint256(4)));
        queue.takeWithoutProof(16, 5, 16);
        queue.takeWithoutProof(16, 4, 16);
        vm.expectRevert(abi.encodeWithSelector(KeystoreRollup.ForcedTxDue.selector, uint256(4), queuedAt));
        queue.takeWithoutProof(1, 0, 1);
        queue.takeWithoutProof(4, 2, 2);
        assertEq(queue.forceQueueLength(), 0, "worked off");
        queue.takeWithoutProof(1, 0, 1); // an empty queue binds nothing
    }

    // ------------------------------------------------------------------ the public input

    function test_publicInputPutsFForcedIdsBetweenTheHeaderAndTheUpdates() public view {
        bytes32[] memory ids = new bytes32[](2);
        ids[0] = keccak256("id 0");
        ids[1] = keccak256("id 1");
        bytes memory updates = bytes.concat(b0.updates, b0.updates, b0.updates);
        bytes memory expected = bytes.concat(
            rollup.domainSeparator(),
            b0.oldRoot,
            b0.newRoot,
            abi.encodePacked(b0.oldLeafCount, b0.newLeafCount, b0.time, uint64(3)),
            ids[0],
            ids[1],
            bytes32(0),
            bytes32(0), // F = 4
            updates,
            new bytes(52) // padded to 4 slots
        );
        uint256 input =
            rollup.publicInput(4, b0.oldRoot, b0.newRoot, b0.oldLeafCount, b0.newLeafCount, b0.time, ids, updates);
        assertEq(input, uint256(keccak256(expected)) & ((1 << 253) - 1), "public input, 4 slots");

        bytes32[] memory none = new bytes32[](0);
        expected = bytes.concat(
            rollup.domainSeparator(),
            b0.oldRoot,
            b0.newRoot,
            abi.encodePacked(b0.oldLeafCount, b0.newLeafCount, b0.time, uint64(1)),
            bytes32(0), // F = 1
            b0.updates
        );
        input =
            rollup.publicInput(1, b0.oldRoot, b0.newRoot, b0.oldLeafCount, b0.newLeafCount, b0.time, none, b0.updates);
        assertEq(input, uint256(keccak256(expected)) & ((1 << 253) - 1), "public input, 1 slot");
    }

    function test_publicInputRefusesMoreThanFIds() public {
        bytes32[] memory ids = new bytes32[](2);
        vm.expectRevert(abi.encodeWithSelector(KeystoreRollup.BadForcedCount.selector, uint256(2), uint256(1)));
        rollup.publicInput(1, b0.oldRoot, b0.newRoot, b0.oldLeafCount, b0.newLeafCount, b0.time, ids, b0.updates);
    }

    // ------------------------------------------------------------------ a proven forced batch

    /// @notice The fixtures (prove-fixtures) in order: before each batch that carries "forced"
    ///         transactions, queue them with forceInclude (their ids must be the fixture's), then
    ///         submit every batch with its proof; the forced ones pop the queue.
    function test_acceptsAProvenBatchThatTakesForcedTransactionsFromTheQueue() public {
        uint256 forcedBatches;
        for (uint256 i;; ++i) {
            string memory path = string.concat(vm.projectRoot(), "/test/fixtures/batch-", vm.toString(i), ".json");
            if (!vm.exists(path)) break;
            Batch memory b = loadBatch(i);
            if (b.forcedCount > 0) {
                string memory json = fixture(i);
                for (uint256 j; j < b.forcedCount; ++j) {
                    bytes memory t = vm.parseJsonBytes(json, jsonPath(".forced", j, ".tx"));
                    bytes memory key_ = vm.parseJsonBytes(json, jsonPath(".forced", j, ".signerKey"));
                    (, bytes32 id) = rollup.forceInclude(t, key_);
                    assertEq(id, b.forcedIds[j], "the fixture's forceId");
                }
                forcedBatches++;
            }
            uint256 before = rollup.forceQueueLength();
            if (b.time > block.timestamp) vm.warp(b.time);
            submit(b);
            assertEq(rollup.latestRoot(), b.newRoot, "accepted");
            assertEq(rollup.forceQueueLength(), before - b.forcedCount, "popped");
        }
        assertTrue(forcedBatches > 0, "no fixture carries forced transactions");
    }

    // ------------------------------------------------------------------ gas

    /// @notice Execution gas of forceInclude per type (without the 21,000 and the calldata,
    ///         which ./bench l1 measures on anvil).
    function test_gasForceInclude() public {
        logForceGas(
            "approveRecovery", approveRecovery(account, 0, thief, 0, hex"00", guardians[0].privateKey), guardians[0]
        );
        logForceGas("cancelRecovery", cancelRecovery(account, 1, owner.privateKey), owner);
        logForceGas("updateConfig", update, owner);
        logForceGas(
            "updateConfig_creation",
            updateConfig(account, 0, settings(thief, 2, 1), creation(1, owner, 2, 1), owner.privateKey),
            owner
        );
        uint256 g0 = gasleft();
        rollup.forceInclude(finaliseRecovery(account), "");
        logNamedUint("l1_force_include_execution_gas_finaliseRecovery", g0 - gasleft());
    }

    function logForceGas(string memory name, bytes memory t, Vm.Wallet memory signer) internal {
        bytes memory key_ = signerKeyOf(signer);
        uint256 g0 = gasleft();
        rollup.forceInclude(t, key_);
        logNamedUint(string.concat("l1_force_include_execution_gas_", name), g0 - gasleft());
    }
}
