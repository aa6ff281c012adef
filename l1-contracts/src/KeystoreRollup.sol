// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ForcedTx} from "./ForcedTx.sol";
import {KeystoreProtocol} from "keystore-protocol/KeystoreProtocol.sol";
import {Ownable} from "solady/auth/Ownable.sol";

/// @notice gnark's exported Groth16 verifier of one batch-circuit size: reverts unless the
///         proof holds for the input.
interface IBatchVerifier {
    function verifyProof(bytes calldata proof, uint256[1] calldata input) external view;
}

/// @title KeystoreRollup
/// @notice The keystore rollup's L1 contract: it accepts a batch only with a Groth16 proof that
///         takes the current root to the new one (docs/spec/proof.md), records every root with
///         its L1 block, L1 time and batch index, and keeps the batch's published updates (the
///         account and new configHash of each transaction) in calldata, enough to rebuild the
///         tree from L1 alone.
/// @dev    The proof's one public input is keccak256 of the public bytes (proof.md §3), with the
///         top three bits cleared; this contract rebuilds those bytes from its own state (its
///         EIP-712 domain separator, the current root and leaf count) and the calldata.
///         Sequencers submit batches; when no batch has landed for `basedTimeout` seconds,
///         anyone may (based fallback).
///
///         Force inclusion (proof.md §7): anyone may queue a signed keystore transaction with
///         `forceInclude`; it is checked there against every rule that does not depend on the
///         keystore state (ForcedTx) and stored by its forceId in a FIFO queue. A batch takes
///         `forcedCount` ids from the head of the queue into its public bytes, and its proof
///         shows that its first `forcedCount` slots are exactly those transactions, applied, or
///         rejected when a state-dependent rule fails by then. Once the head entries are
///         `forceDeadline` old, every batch must take them (up to F per batch) or is refused.
///
///         Parameters, and why:
///         - `forceDeadline` (30 minutes proposed, 1,800 s on the devnet): how long the
///           sequencer may leave a queued transaction out. It stays below the minimum
///           recovery delay (1 hour), so that guardians whose approvals the sequencer censors
///           still get them in, by force, before a thief's pending update comes due.
///         - `basedTimeout` (1 hour proposed): after it with no batch, anyone may submit proven
///           batches. It bounds how long a silent sequencer stalls the rollup, and with it the
///           queue: a forced transaction is in a batch at most about forceDeadline +
///           basedTimeout after it was queued, whoever proves.
///         - F = min(slots, 4) (MAX_FORCED_PER_BATCH): forced ids per batch. Each forced-capable
///           slot costs the circuit one keccak-f (about 99,000 constraints) in every batch, and
///           L1 32 bytes of hashing plus a storage read and clear per id consumed; a sequencer
///           that faces a longer due queue sends batches with F forced transactions until it
///           has caught up.
///
///         Ownership is solady's Ownable, moved in two steps only: the new owner calls
///         `requestOwnershipHandover`, then the owner `completeOwnershipHandover` within 48
///         hours. The owner lives at solady's fixed hashed slot, clear of slots 0 and 1.
contract KeystoreRollup is Ownable {
    // ------------------------------------------------------------------ types and constants

    /// @notice Where and when a root was recorded.
    struct RootInfo {
        uint64 batchIndex; // 0 for the genesis root
        uint64 l1Block;
        uint64 l1Time;
        uint64 batchTime; // the batch's own time, which its transactions were applied at
    }

    /// @notice Bytes of one published update: account (20) ‖ new configHash (32).
    uint256 public constant UPDATE_BYTES = KeystoreProtocol.UPDATE_BYTES;
    /// @dev Bytes of the public bytes before the forced ids: separator, two roots, four u64.
    uint256 internal constant FIXED_PUBLIC_BYTES = 128;
    /// @notice F, the most forced transactions a batch takes: min(slots, 4) (proof.md §7.3).
    uint256 public constant MAX_FORCED_PER_BATCH = 4;
    uint256 internal constant PUBLIC_INPUT_MASK = (1 << 253) - 1;

    bytes32 internal constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
    bytes32 internal constant NAME_HASH = keccak256("KeystoreRollup");
    bytes32 internal constant VERSION_HASH = keccak256("1");

    // ------------------------------------------------------------------ state

    /// @notice The root of the latest batch (the genesis root before the first).
    bytes32 public latestRoot;
    /// @notice Leaves in the tree at `latestRoot`, sentinel included (1 at genesis).
    uint64 public leafCount;
    /// @notice Batches accepted so far.
    uint64 public batchCount;
    /// @notice The batch time of the latest batch: batch times never go back.
    uint64 public lastBatchTime;
    /// @notice The L1 time of the latest batch (or of the deployment): starts the based timeout.
    uint64 public lastSubmittedAt;

    /// @notice Seconds without a batch after which anyone may submit one.
    uint64 public immutable basedTimeout;

    /// @notice A queued forced transaction: its id (proof.md §7.2) and the L1 time it was queued.
    struct ForcedEntry {
        bytes32 id;
        uint64 queuedAt;
    }

    mapping(bytes32 root => RootInfo) internal roots;
    /// @notice The verifier of each compiled batch size (slots).
    mapping(uint256 slots => IBatchVerifier) public verifiers;
    mapping(address => bool) public isSequencer;

    /// @notice Forced transactions by queue index: the head's index is `forceHead`, the next
    ///         free one `forceTail`. After the variables above: the L2 oracle proves slots 0
    ///         and 1, whose layout must not move.
    mapping(uint256 index => ForcedEntry) internal forceQueue;
    /// @notice Queue index of the oldest forced transaction not yet in a batch.
    uint64 public forceHead;
    /// @notice Queue index the next forced transaction gets (forceHead when the queue is empty).
    uint64 public forceTail;

    /// @notice Seconds a queued transaction may wait before every batch must take it.
    uint64 public immutable forceDeadline;

    // ------------------------------------------------------------------ events and errors

    event BatchSubmitted(
        uint64 indexed batchIndex,
        bytes32 indexed newRoot,
        bytes32 oldRoot,
        uint64 newLeafCount,
        uint64 batchTime,
        uint256 txCount,
        address submitter
    );
    /// @notice A transaction was queued for force inclusion; `signerKey` is x ‖ y (empty for
    ///         FinaliseRecovery). The sequencer, and anyone rebuilding the state, reads them here.
    event ForceQueued(
        uint256 indexed index, bytes32 indexed forceId, uint64 queuedAt, bytes transaction, bytes signerKey
    );
    /// @notice Batch `batchIndex` took the forced transactions of queue indexes
    ///         firstIndex .. firstIndex + count - 1 (each applied, or rejected by proof).
    event ForcedTxsIncluded(uint64 indexed batchIndex, uint256 firstIndex, uint256 count);
    event SequencerSet(address indexed sequencer, bool allowed);
    event VerifierSet(uint256 indexed slots, address verifier);
    // Ownership events (solady's Ownable): OwnershipTransferred, OwnershipHandoverRequested,
    // OwnershipHandoverCanceled.

    /// @notice The caller of an owner-only function is not the owner (instead of solady's
    ///         Unauthorized()).
    error NotOwner(address caller);
    /// @notice Ownership moves only by handover (requestOwnershipHandover, then
    ///         completeOwnershipHandover): one-step transfers and renouncing are refused.
    error OneStepOwnershipChange();
    error ZeroAddress();
    error NotSequencer(address caller);
    error UnknownBatchSize(uint256 slots);
    error MalformedUpdates(uint256 length);
    error BadTxCount(uint256 txCount, uint256 slots);
    error BadLeafCount(uint64 newLeafCount, uint64 leafCount, uint256 txCount);
    error BatchTimeInFuture(uint64 batchTime, uint256 now);
    error BatchTimeBeforePrevious(uint64 batchTime, uint64 lastBatchTime);
    error RootAlreadyRecorded(bytes32 root);
    error InvalidProof();
    /// @notice forcedCount is above min(F, queued transactions, txCount).
    error BadForcedCount(uint256 forcedCount, uint256 max);
    /// @notice The queue entry at `index` is past its deadline and the batch does not take it.
    error ForcedTxDue(uint256 index, uint64 queuedAt);
    /// @notice A queue index outside forceHead .. forceTail - 1.
    error NotInForceQueue(uint256 index);

    // ------------------------------------------------------------------ set-up

    /// @param owner_ manages sequencers and verifiers
    /// @param genesisRoot the root of the tree holding only the sentinel (hashing.md §4)
    /// @param basedTimeout_ seconds without a batch after which anyone may submit
    /// @param forceDeadline_ seconds after which a queued forced transaction must be in the next batch
    constructor(address owner_, bytes32 genesisRoot, uint64 basedTimeout_, uint64 forceDeadline_) {
        if (owner_ == address(0)) revert ZeroAddress();
        _initializeOwner(owner_);
        basedTimeout = basedTimeout_;
        forceDeadline = forceDeadline_;
        latestRoot = genesisRoot;
        leafCount = 1;
        lastSubmittedAt = uint64(block.timestamp);
        roots[genesisRoot] = RootInfo(0, uint64(block.number), uint64(block.timestamp), 0);
    }

    /// @dev solady's onlyOwner check, with this contract's error.
    function _checkOwner() internal view override {
        if (msg.sender != owner()) revert NotOwner(msg.sender);
    }

    // ------------------------------------------------------------------ batches

    /// @notice Accepts a proven batch that extends the latest root.
    /// @param slots the batch circuit's size (1, 4 or 16): selects the verifier
    /// @param newRoot the root after the batch
    /// @param newLeafCount leaves after the batch (`leafCount` + accounts created)
    /// @param batchTime the time the batch's transactions were applied at
    /// @param forcedCount how many forced transactions, from the head of the queue, the batch's
    ///        first slots hold: at most min(F, queued, txCount), and at least the number of
    ///        entries past their deadline among the first F of the queue
    /// @param updates account (20 bytes) ‖ new configHash (32 bytes) per transaction, in order
    ///        (a rejected forced transaction publishes 52 zero bytes)
    /// @param proof the Groth16 proof in gnark's Solidity form
    function submitBatch(
        uint256 slots,
        bytes32 newRoot,
        uint64 newLeafCount,
        uint64 batchTime,
        uint256 forcedCount,
        bytes calldata updates,
        bytes calldata proof
    ) external {
        if (!isSequencer[msg.sender] && !basedMode()) revert NotSequencer(msg.sender);
        (IBatchVerifier verifier, uint256 txCount) =
            _checkBatch(slots, newRoot, newLeafCount, batchTime, forcedCount, updates.length);
        uint256 input = _batchInput(slots, newRoot, newLeafCount, batchTime, forcedCount, txCount, updates);
        try verifier.verifyProof(proof, [input]) {}
        catch {
            revert InvalidProof();
        }
        _record(newRoot, newLeafCount, batchTime, forcedCount, txCount);
    }

    /// @dev The checks of a batch that come before its proof; returns its verifier and txCount.
    function _checkBatch(
        uint256 slots,
        bytes32 newRoot,
        uint64 newLeafCount,
        uint64 batchTime,
        uint256 forcedCount,
        uint256 updatesLength
    ) internal view returns (IBatchVerifier verifier, uint256 txCount) {
        verifier = verifiers[slots];
        if (address(verifier) == address(0)) revert UnknownBatchSize(slots);
        if (updatesLength % UPDATE_BYTES != 0) revert MalformedUpdates(updatesLength);
        txCount = updatesLength / UPDATE_BYTES;
        if (txCount == 0 || txCount > slots) revert BadTxCount(txCount, slots);
        uint64 oldLeafCount = leafCount;
        if (newLeafCount < oldLeafCount || newLeafCount - oldLeafCount > txCount) {
            revert BadLeafCount(newLeafCount, oldLeafCount, txCount);
        }
        if (batchTime > block.timestamp) revert BatchTimeInFuture(batchTime, block.timestamp);
        if (batchTime < lastBatchTime) revert BatchTimeBeforePrevious(batchTime, lastBatchTime);
        // A batch whose transactions are all forced ones rejected by proof keeps the latest root
        // (proof.md §7.4); any other root seen before would break the chain of roots.
        if (newRoot == latestRoot ? forcedCount == 0 : roots[newRoot].l1Block != 0) {
            revert RootAlreadyRecorded(newRoot);
        }
    }

    /// @dev The public input of a batch that extends the latest root and takes `forcedCount`
    ///      transactions from the head of the queue (checked by _takeForced).
    function _batchInput(
        uint256 slots,
        bytes32 newRoot,
        uint64 newLeafCount,
        uint64 batchTime,
        uint256 forcedCount,
        uint256 txCount,
        bytes calldata updates
    ) internal view returns (uint256) {
        bytes32[] memory forcedIds = _takeForced(forceHead, forcedCount, _forcedSlots(slots), txCount);
        return _publicInput(slots, latestRoot, newRoot, leafCount, newLeafCount, batchTime, forcedIds, updates);
    }

    /// @dev Records a verified batch and pops the forced transactions it took.
    function _record(bytes32 newRoot, uint64 newLeafCount, uint64 batchTime, uint256 forcedCount, uint256 txCount)
        internal
    {
        bytes32 oldRoot = latestRoot;
        uint64 index = batchCount + 1;
        latestRoot = newRoot;
        leafCount = newLeafCount;
        batchCount = index;
        lastBatchTime = batchTime;
        lastSubmittedAt = uint64(block.timestamp);
        // a batch of forced transactions all rejected by proof keeps the root where it was recorded
        if (newRoot != oldRoot) {
            roots[newRoot] = RootInfo(index, uint64(block.number), uint64(block.timestamp), batchTime);
        }
        if (forcedCount != 0) {
            uint64 head = forceHead;
            for (uint256 i; i < forcedCount; ++i) {
                delete forceQueue[head + i];
            }
            forceHead = head + uint64(forcedCount);
            emit ForcedTxsIncluded(index, head, forcedCount);
        }
        emit BatchSubmitted(index, newRoot, oldRoot, newLeafCount, batchTime, txCount, msg.sender);
    }

    /// @notice The proof's public input for a batch (proof.md §3, §7.3): keccak256 of
    ///         separator ‖ oldRoot ‖ newRoot ‖ oldLeafCount ‖ newLeafCount ‖ batchTime ‖ txCount
    ///         ‖ F forced ids (`forcedIds`, then zeros) ‖ updates, padded with zeros to `slots`
    ///         updates, top three bits cleared.
    /// @dev    Takes the forced ids themselves rather than a count, so that it gives the input
    ///         of any batch, whatever the queue holds now; submitBatch passes the ids at the
    ///         head of the queue. Reverts with BadForcedCount when there are more than F ids.
    function publicInput(
        uint256 slots,
        bytes32 oldRoot,
        bytes32 newRoot,
        uint64 oldLeafCount,
        uint64 newLeafCount,
        uint64 batchTime,
        bytes32[] calldata forcedIds,
        bytes calldata updates
    ) external view returns (uint256) {
        uint256 forcedSlots = _forcedSlots(slots);
        if (forcedIds.length > forcedSlots) revert BadForcedCount(forcedIds.length, forcedSlots);
        return _publicInput(slots, oldRoot, newRoot, oldLeafCount, newLeafCount, batchTime, forcedIds, updates);
    }

    /// @dev The public input, from the forced ids (at most F, checked by the callers).
    function _publicInput(
        uint256 slots,
        bytes32 oldRoot,
        bytes32 newRoot,
        uint64 oldLeafCount,
        uint64 newLeafCount,
        uint64 batchTime,
        bytes32[] memory forcedIds,
        bytes calldata updates
    ) internal view returns (uint256 input) {
        uint256 txCount = updates.length / UPDATE_BYTES;
        bytes32 separator = domainSeparator();
        uint256 idBytes = _forcedSlots(slots) * 32;
        uint256 length = FIXED_PUBLIC_BYTES + idBytes + slots * UPDATE_BYTES;
        bytes32 digest;
        assembly ("memory-safe") {
            let p := mload(0x40)
            mstore(p, separator)
            mstore(add(p, 32), oldRoot)
            mstore(add(p, 64), newRoot)
            // four big-endian u64 in one word
            mstore(add(p, 96), or(or(shl(192, oldLeafCount), shl(128, newLeafCount)), or(shl(64, batchTime), txCount)))
            // F id words: the forced ids, then zeros
            let ids := add(p, 128)
            let count := mload(forcedIds)
            for { let j := 0 } lt(j, div(idBytes, 32)) { j := add(j, 1) } {
                let id := 0
                if lt(j, count) { id := mload(add(forcedIds, mul(add(j, 1), 32))) }
                mstore(add(ids, mul(j, 32)), id)
            }
            let pairs := add(ids, idBytes)
            calldatacopy(pairs, updates.offset, updates.length)
            // the empty slots' updates are zeros (fresh memory may not be)
            let end := add(p, length)
            for { let q := add(pairs, updates.length) } lt(q, end) { q := add(q, 32) } { mstore(q, 0) }
            digest := keccak256(p, length)
        }
        input = uint256(digest) & PUBLIC_INPUT_MASK;
    }

    /// @dev F = min(slots, MAX_FORCED_PER_BATCH).
    function _forcedSlots(uint256 slots) internal pure returns (uint256) {
        return slots < MAX_FORCED_PER_BATCH ? slots : MAX_FORCED_PER_BATCH;
    }

    /// @dev The ids of the first `forcedCount` queue entries, after checking forcedCount
    ///      against min(F, queued, txCount) and the due rule: queue times never decrease, so the
    ///      due entries form a prefix, and the batch takes them all (among the first F) exactly
    ///      when the first entry it leaves, if among the first F, is not yet due.
    function _takeForced(uint64 head, uint256 forcedCount, uint256 forcedSlots, uint256 txCount)
        internal
        view
        returns (bytes32[] memory ids)
    {
        uint256 queued = forceTail - head;
        uint256 max = forcedSlots < queued ? forcedSlots : queued;
        if (txCount < max) max = txCount;
        if (forcedCount > max) revert BadForcedCount(forcedCount, max);
        if (forcedCount < forcedSlots && forcedCount < queued) {
            uint64 queuedAt = forceQueue[head + forcedCount].queuedAt;
            if (uint256(queuedAt) + forceDeadline <= block.timestamp) revert ForcedTxDue(head + forcedCount, queuedAt);
        }
        ids = new bytes32[](forcedCount);
        for (uint256 i; i < forcedCount; ++i) {
            ids[i] = forceQueue[head + i].id;
        }
    }

    // ------------------------------------------------------------------ force inclusion

    /// @notice Queues a signed keystore transaction for force inclusion (proof.md §7.1): anyone
    ///         may call it. Checks every state-independent rule (ForcedTx), then stores the
    ///         transaction's forceId with the current time at the tail of the queue.
    /// @param transaction the transaction's binary encoding (transactions.md §5)
    /// @param signerKey x ‖ y (64 bytes) of the key that signed it; empty for FinaliseRecovery
    /// @return index the transaction's queue index
    /// @return forceId its id (proof.md §7.2), which the batch that takes it publishes
    function forceInclude(bytes calldata transaction, bytes calldata signerKey)
        external
        returns (uint256 index, bytes32 forceId)
    {
        forceId = ForcedTx.validate(transaction, signerKey, domainSeparator());
        index = forceTail;
        forceQueue[index] = ForcedEntry(forceId, uint64(block.timestamp));
        forceTail = uint64(index + 1);
        emit ForceQueued(index, forceId, uint64(block.timestamp), transaction, signerKey);
    }

    /// @notice Forced transactions queued and not yet in a batch.
    function forceQueueLength() external view returns (uint256) {
        return forceTail - forceHead;
    }

    /// @notice The queue entry at `index` (forceHead <= index < forceTail): its id and queue time.
    function forcedEntry(uint256 index) external view returns (bytes32 id, uint64 queuedAt) {
        if (index < forceHead || index >= forceTail) revert NotInForceQueue(index);
        ForcedEntry storage e = forceQueue[index];
        return (e.id, e.queuedAt);
    }

    /// @notice How many queued transactions are past their deadline now (a prefix of the
    ///         queue): the next batch must take min(that, F) of them.
    function forcedDueCount() external view returns (uint256) {
        uint256 lo = forceHead;
        uint256 hi = forceTail;
        // binary search for the first entry not yet due: queue times never decrease
        while (lo < hi) {
            uint256 mid = (lo + hi) / 2;
            if (uint256(forceQueue[mid].queuedAt) + forceDeadline <= block.timestamp) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo - forceHead;
    }

    /// @notice Whether anyone may submit a batch: no batch for more than `basedTimeout` seconds.
    function basedMode() public view returns (bool) {
        return block.timestamp > uint256(lastSubmittedAt) + basedTimeout;
    }

    // ------------------------------------------------------------------ views

    /// @notice Where and when `root` was recorded: the batch index (0 for genesis), the L1 block
    ///         and time, and the batch's own time; `l1Block` is 0 for a root never recorded.
    function rootInfo(bytes32 root)
        external
        view
        returns (uint64 batchIndex, uint64 l1Block, uint64 l1Time, uint64 batchTime)
    {
        RootInfo memory info = roots[root];
        return (info.batchIndex, info.l1Block, info.l1Time, info.batchTime);
    }

    /// @notice Whether `root` is the latest root or an earlier one of this rollup.
    function isKnownRoot(bytes32 root) external view returns (bool) {
        return roots[root].l1Block != 0;
    }

    /// @notice The EIP-712 domain separator that keystore transactions are signed under
    ///         (transactions.md §4.1): name "KeystoreRollup", version "1", this chain and contract.
    function domainSeparator() public view returns (bytes32) {
        return keccak256(abi.encode(DOMAIN_TYPEHASH, NAME_HASH, VERSION_HASH, block.chainid, address(this)));
    }

    // ------------------------------------------------------------------ administration

    /// @notice Allows or disallows a sequencer.
    function setSequencer(address sequencer, bool allowed) external onlyOwner {
        if (sequencer == address(0)) revert ZeroAddress();
        isSequencer[sequencer] = allowed;
        emit SequencerSet(sequencer, allowed);
    }

    /// @notice Sets the verifier of a batch size (address 0 removes the size).
    function setVerifier(uint256 slots, IBatchVerifier verifier) external onlyOwner {
        verifiers[slots] = verifier;
        emit VerifierSet(slots, address(verifier));
    }

    /// @notice Refused: ownership moves by handover only (requestOwnershipHandover by the new
    ///         owner, then completeOwnershipHandover by the owner).
    function transferOwnership(address) public payable override {
        revert OneStepOwnershipChange();
    }

    /// @notice Refused: the rollup always has an owner.
    function renounceOwnership() public payable override {
        revert OneStepOwnershipChange();
    }
}
