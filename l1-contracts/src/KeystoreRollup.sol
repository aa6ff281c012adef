// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ForcedTx} from "./ForcedTx.sol";
import {KeystoreProtocol} from "keystore-protocol/KeystoreProtocol.sol";
import {Ownable} from "solady/auth/Ownable.sol";

/// @notice gnark's exported Groth16 verifier of one batch circuit: reverts unless the proof
///         holds for the input.
interface IBatchVerifier {
    function verifyProof(bytes calldata proof, uint256[1] calldata input) external view;
}

/// @notice An exported verifier with the hash of its verifying key (docs/spec/aggregation.md §2),
///         which an aggregation's public input names: every verifier the build exports has it.
interface IKeyedVerifier is IBatchVerifier {
    function KEY_HASH() external view returns (bytes32);
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
///         Batch circuits (proof.md §9): one leaf circuit per batch size and signer scheme, named
///         by its circuit id = slots + 256·(scheme − 1): `batch-1`, `batch-4`, `batch-16`
///         (secp256k1) are 1, 4 and 16, `batch-1-p256` 257, `batch-1-webauthn` 513. The owner
///         sets one verifier per circuit id (`verifiers[circuit]`); a submission names its
///         batch's circuit, which selects the verifier, and the batch's size is `circuit % 256`
///         (1, 4 or 16), all the public bytes depend on: a batch's public input is the same
///         whatever its scheme. An aggregate names each leaf by the KEY_HASH of its circuit's
///         verifier, so batches of every scheme aggregate together.
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

    /// @notice One batch of submitAggregated: submitBatch's arguments but the proof.
    struct AggregatedBatch {
        uint256 circuit;
        bytes32 newRoot;
        uint64 newLeafCount;
        uint64 batchTime;
        uint256 forcedCount;
        bytes updates;
    }

    /// @dev The chain state a batch extends (the contract's, then, within submitAggregated,
    ///      that of the batches before it), with the domain separator of the public bytes.
    struct Chain {
        bytes32 separator;
        bytes32 root;
        uint64 leafCount;
        uint64 batchTime; // of the latest batch
        uint64 forceHead;
        uint64 forceTail;
        bool moved; // whether a batch extended from here changed the root
    }

    /// @dev The KEY_HASH of the last circuit looked up in a submitAggregated call.
    struct KeyCache {
        uint256 circuit;
        bytes32 keyHash;
    }

    /// @notice Bytes of one published update: account (20) ‖ new configHash (32).
    uint256 public constant UPDATE_BYTES = KeystoreProtocol.UPDATE_BYTES;
    /// @dev Bytes of the public bytes before the forced ids: separator, two roots, four u64.
    uint256 internal constant FIXED_PUBLIC_BYTES = 128;
    /// @notice F, the most forced transactions a batch takes: min(slots, 4) (proof.md §7.3).
    uint256 public constant MAX_FORCED_PER_BATCH = 4;
    uint256 internal constant PUBLIC_INPUT_MASK = (1 << 253) - 1;
    /// @notice A circuit id's size part: slots = circuit % CIRCUIT_SCHEME_STRIDE; the scheme part
    ///         is circuit / CIRCUIT_SCHEME_STRIDE = scheme − 1 (proof.md §9).
    uint256 public constant CIRCUIT_SCHEME_STRIDE = 256;
    /// @dev The batch sizes, as bits: 2^1 | 2^4 | 2^16.
    uint256 internal constant SIZES_MASK = (1 << 1) | (1 << 4) | (1 << 16);
    /// @notice The most batches one submitAggregated takes: it bounds the loop, not the tree
    ///         (aggregate-2 recurses to any depth). The node chooses how many it aggregates
    ///         below this: 64 batch-16 batches are about 70 KB of calldata, 256 about 280 KB,
    ///         above the 128 KB a transaction may have in geth's pool.
    uint256 public constant MAX_AGGREGATED_BATCHES = 256;

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
    /// @notice The verifier of each batch circuit, by circuit id = slots + 256·(scheme − 1).
    mapping(uint256 circuit => IBatchVerifier) public verifiers;
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

    /// @notice The verifier of aggregation proofs (aggregate-2): its KEY_HASH names every inner
    ///         node of an aggregation tree (aggregation.md §4). None: submitAggregated refused.
    IKeyedVerifier public aggregationVerifier;

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
    /// @notice Batches firstBatchIndex .. lastBatchIndex (each with its BatchSubmitted) were
    ///         accepted with one aggregation proof, whose public input is `publicInput`.
    event AggregateSubmitted(
        uint64 indexed firstBatchIndex, uint64 lastBatchIndex, bytes32 indexed finalRoot, uint256 publicInput
    );
    event SequencerSet(address indexed sequencer, bool allowed);
    /// @notice The verifier of batch circuit `circuit` is now `verifier` (address 0: none).
    event VerifierSet(uint256 indexed circuit, address verifier);
    event AggregationVerifierSet(address verifier);
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
    /// @notice No verifier is set for the batch circuit `circuit`.
    error UnknownCircuit(uint256 circuit);
    /// @notice A circuit id whose size (circuit % 256) is not 1, 4 or 16.
    error BadCircuit(uint256 circuit);
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
    /// @notice submitAggregated takes 2 .. MAX_AGGREGATED_BATCHES batches (the tree view two or more).
    error BadAggregateSize(uint256 count, uint256 max);
    /// @notice No aggregation verifier is set.
    error NoAggregationVerifier();
    /// @notice The verifier of a batch circuit in an aggregate has no KEY_HASH.
    error NotAKeyedVerifier(address verifier);
    /// @notice The tree view's key hashes and inputs differ in number.
    error LengthMismatch(uint256 keyHashes, uint256 inputs);

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
    /// @param circuit the batch's circuit id, slots + 256·(scheme − 1) (1, 4, 16; 257; 513):
    ///        selects the verifier; the batch's size is circuit % 256
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
        uint256 circuit,
        bytes32 newRoot,
        uint64 newLeafCount,
        uint64 batchTime,
        uint256 forcedCount,
        bytes calldata updates,
        bytes calldata proof
    ) external {
        _checkSubmitter();
        IBatchVerifier verifier = _verifier(circuit);
        Chain memory s = _chain();
        bytes32 oldRoot = s.root;
        (uint256 txCount, uint256 input) = _extend(s, circuit, newRoot, newLeafCount, batchTime, forcedCount, updates);
        _checkNewRoot(oldRoot, newRoot);
        try verifier.verifyProof(proof, [input]) {}
        catch {
            revert InvalidProof();
        }
        _record(s, oldRoot, forcedCount, txCount);
    }

    /// @notice Accepts `batches.length` proven batches (2 ≤ n ≤ MAX_AGGREGATED_BATCHES) with one
    ///         aggregation proof (docs/spec/aggregation.md §4): each batch must pass every check
    ///         of submitBatch against the state the batches before it leave (root, leaf count,
    ///         batch time, forced-queue head), and the proof must hold, under the aggregation
    ///         verifier, for the root of the tree over the batches' (KEY_HASH of their circuit's
    ///         verifier, public input) nodes: batches of different circuits (sizes, signer
    ///         schemes) mix freely.
    /// @dev    Recorded as n batches (batchCount grows by n, one BatchSubmitted each, and
    ///         ForcedTxsIncluded for each batch that takes forced transactions), but only the
    ///         final root gets a RootInfo (with the last batch's index): the intermediate roots
    ///         are never an L1 state. The final root must not have been recorded before, unless
    ///         every batch kept the root (forced transactions all rejected, as in submitBatch).
    /// @param batches the batches in order, each as submitBatch takes it
    /// @param proof the aggregate-2 proof of the tree's root, in gnark's Solidity form
    function submitAggregated(AggregatedBatch[] calldata batches, bytes calldata proof) external {
        _checkSubmitter();
        uint256 n = batches.length;
        if (n < 2 || n > MAX_AGGREGATED_BATCHES) revert BadAggregateSize(n, MAX_AGGREGATED_BATCHES);
        IKeyedVerifier aggregator = aggregationVerifier;
        if (address(aggregator) == address(0)) revert NoAggregationVerifier();
        Chain memory s = _chain();
        bytes32 startRoot = s.root;
        uint64 first = batchCount + 1;
        // the leaves, then every level in place: keyHash ‖ input per node
        bytes32[] memory nodes = new bytes32[](2 * n);
        KeyCache memory keys;
        for (uint256 i; i < n; ++i) {
            AggregatedBatch calldata b = batches[i];
            nodes[2 * i] = _keyHash(keys, b.circuit);
            bytes32 oldRoot = s.root;
            (uint256 txCount, uint256 input) =
                _extend(s, b.circuit, b.newRoot, b.newLeafCount, b.batchTime, b.forcedCount, b.updates);
            nodes[2 * i + 1] = bytes32(input);
            // events and pops before the proof: a refused submission reverts them
            _included(uint64(first + i), oldRoot, s, b.forcedCount, txCount);
        }
        if (s.root != startRoot) {
            _checkNewRoot(startRoot, s.root);
        } else if (s.moved) {
            // back to the start root through other roots: the start root is recorded
            revert RootAlreadyRecorded(startRoot);
        }
        uint256 root = _treeRoot(nodes, n, aggregator.KEY_HASH());
        try aggregator.verifyProof(proof, [root]) {}
        catch {
            revert InvalidProof();
        }
        uint64 last = uint64(first + n - 1);
        _commit(s, startRoot, last);
        emit AggregateSubmitted(first, last, s.root, root);
    }

    /// @notice The public input of the aggregation proof over the nodes (keyHashes[i],
    ///         inputs[i]), at least two, paired left to right level by level, a lone node moving
    ///         up as it is (aggregation.md §4): what submitAggregated verifies its proof for.
    /// @param keyHashes KEY_HASH of each leaf's verifier
    /// @param inputs each leaf's public input
    /// @param aggregationKeyHash KEY_HASH of the aggregation verifier, every inner node's key
    function aggregationPublicInput(bytes32[] calldata keyHashes, bytes32[] calldata inputs, bytes32 aggregationKeyHash)
        external
        pure
        returns (uint256)
    {
        uint256 n = keyHashes.length;
        if (inputs.length != n) revert LengthMismatch(n, inputs.length);
        if (n < 2) revert BadAggregateSize(n, MAX_AGGREGATED_BATCHES);
        bytes32[] memory nodes = new bytes32[](2 * n);
        for (uint256 i; i < n; ++i) {
            nodes[2 * i] = keyHashes[i];
            nodes[2 * i + 1] = inputs[i];
        }
        return _treeRoot(nodes, n, aggregationKeyHash);
    }

    /// @dev Sequencers submit; anyone in based mode.
    function _checkSubmitter() internal view {
        if (!isSequencer[msg.sender] && !basedMode()) revert NotSequencer(msg.sender);
    }

    /// @dev The verifier of a batch circuit; UnknownCircuit when there is none.
    function _verifier(uint256 circuit) internal view returns (IBatchVerifier verifier) {
        verifier = verifiers[circuit];
        if (address(verifier) == address(0)) revert UnknownCircuit(circuit);
    }

    /// @dev The size of a batch circuit, circuit % 256; BadCircuit unless it is 1, 4 or 16
    ///      (setVerifier refuses such a circuit, so a submission naming one is refused with
    ///      UnknownCircuit before it gets here).
    function _slots(uint256 circuit) internal pure returns (uint256 slots) {
        slots = circuit % CIRCUIT_SCHEME_STRIDE;
        // bit `slots` of 2^1 | 2^4 | 2^16: one test for the three sizes
        if ((1 << slots) & SIZES_MASK == 0) revert BadCircuit(circuit);
    }

    /// @dev KEY_HASH of the verifier of a batch circuit, looked up once per run of equal circuits.
    function _keyHash(KeyCache memory keys, uint256 circuit) internal view returns (bytes32) {
        if (keys.keyHash == 0 || keys.circuit != circuit) {
            address verifier = address(_verifier(circuit));
            try IKeyedVerifier(verifier).KEY_HASH() returns (bytes32 keyHash) {
                (keys.circuit, keys.keyHash) = (circuit, keyHash);
            } catch {
                revert NotAKeyedVerifier(verifier);
            }
        }
        return keys.keyHash;
    }

    /// @dev The contract's chain state, which the next batch extends.
    function _chain() internal view returns (Chain memory) {
        return Chain(domainSeparator(), latestRoot, leafCount, lastBatchTime, forceHead, forceTail, false);
    }

    /// @dev Every check of a batch against the chain state `s` that comes before its proof,
    ///      except its verifier's existence and whether a changed root was recorded before (the
    ///      callers check those: submitAggregated only for the final root); returns its txCount
    ///      and public input, and moves `s` past the batch. The forced ids come from `s`'s head.
    function _extend(
        Chain memory s,
        uint256 circuit,
        bytes32 newRoot,
        uint64 newLeafCount,
        uint64 batchTime,
        uint256 forcedCount,
        bytes calldata updates
    ) internal view returns (uint256 txCount, uint256 input) {
        uint256 slots = _slots(circuit);
        if (updates.length % UPDATE_BYTES != 0) revert MalformedUpdates(updates.length);
        txCount = updates.length / UPDATE_BYTES;
        if (txCount == 0 || txCount > slots) revert BadTxCount(txCount, slots);
        uint64 oldLeafCount = s.leafCount;
        if (newLeafCount < oldLeafCount || newLeafCount - oldLeafCount > txCount) {
            revert BadLeafCount(newLeafCount, oldLeafCount, txCount);
        }
        if (batchTime > block.timestamp) revert BatchTimeInFuture(batchTime, block.timestamp);
        if (batchTime < s.batchTime) revert BatchTimeBeforePrevious(batchTime, s.batchTime);
        // Only a batch whose transactions are all forced ones rejected by proof keeps the root
        // (proof.md §7.4); a changed root must be new (_checkNewRoot).
        if (newRoot == s.root) {
            if (forcedCount == 0) revert RootAlreadyRecorded(newRoot);
        } else {
            s.moved = true;
        }
        bytes32[] memory forcedIds = _takeForced(s.forceHead, s.forceTail, forcedCount, _forcedSlots(slots), txCount);
        input = _publicInput(s, slots, newRoot, newLeafCount, batchTime, forcedIds, updates);
        s.root = newRoot;
        s.leafCount = newLeafCount;
        s.batchTime = batchTime;
        s.forceHead += uint64(forcedCount);
    }

    /// @dev A root other than the latest must never have been recorded: that would break the
    ///      chain of roots.
    function _checkNewRoot(bytes32 oldRoot, bytes32 newRoot) internal view {
        if (newRoot != oldRoot && roots[newRoot].l1Block != 0) revert RootAlreadyRecorded(newRoot);
    }

    /// @dev Records one verified batch, which moved the chain state from `oldRoot` to `s`.
    function _record(Chain memory s, bytes32 oldRoot, uint256 forcedCount, uint256 txCount) internal {
        uint64 index = batchCount + 1;
        _included(index, oldRoot, s, forcedCount, txCount);
        _commit(s, oldRoot, index);
    }

    /// @dev Pops the forced transactions batch `index` took (the `forcedCount` before `s`'s
    ///      head) and emits its events.
    function _included(uint64 index, bytes32 oldRoot, Chain memory s, uint256 forcedCount, uint256 txCount) internal {
        if (forcedCount != 0) {
            uint64 head = s.forceHead - uint64(forcedCount);
            for (uint256 i; i < forcedCount; ++i) {
                delete forceQueue[head + i];
            }
            emit ForcedTxsIncluded(index, head, forcedCount);
        }
        emit BatchSubmitted(index, s.root, oldRoot, s.leafCount, s.batchTime, txCount, msg.sender);
    }

    /// @dev Stores the chain state `s` reached by batches up to `lastIndex` from `startRoot`, with
    ///      a RootInfo for its root unless it is the start root (forced transactions all
    ///      rejected by proof keep the root where it was recorded).
    function _commit(Chain memory s, bytes32 startRoot, uint64 lastIndex) internal {
        latestRoot = s.root;
        leafCount = s.leafCount;
        batchCount = lastIndex;
        lastBatchTime = s.batchTime;
        lastSubmittedAt = uint64(block.timestamp);
        if (s.root != startRoot) {
            roots[s.root] = RootInfo(lastIndex, uint64(block.number), uint64(block.timestamp), s.batchTime);
        }
        if (s.forceHead != forceHead) forceHead = s.forceHead;
    }

    /// @dev The root of the aggregation tree over `n` nodes laid out as keyHash ‖ input in
    ///      `nodes` (overwritten: each level in place): its public input (aggregation.md §4).
    function _treeRoot(bytes32[] memory nodes, uint256 n, bytes32 aggregationKeyHash)
        internal
        pure
        returns (uint256 root)
    {
        uint256 mask = PUBLIC_INPUT_MASK;
        assembly ("memory-safe") {
            let base := add(nodes, 32)
            for { let count := n } gt(count, 1) {} {
                let next := 0
                for { let j := 0 } lt(j, count) { j := add(j, 2) } {
                    let src := add(base, shl(6, j))
                    let dst := add(base, shl(6, next))
                    switch lt(add(j, 1), count)
                    case 1 {
                        // PI(a, b) = keccak256(a.keyHash ‖ a.input ‖ b.keyHash ‖ b.input) & mask
                        let pi := and(keccak256(src, 128), mask)
                        mstore(dst, aggregationKeyHash)
                        mstore(add(dst, 32), pi)
                    }
                    default {
                        // a lone node moves up as it is (dst is below src: no overlap)
                        mstore(dst, mload(src))
                        mstore(add(dst, 32), mload(add(src, 32)))
                    }
                    next := add(next, 1)
                }
                count := next
            }
            root := mload(add(base, 32))
        }
    }

    /// @notice The proof's public input for a batch of circuit `circuit` (proof.md §3, §7.3):
    ///         keccak256 of separator ‖ oldRoot ‖ newRoot ‖ oldLeafCount ‖ newLeafCount ‖
    ///         batchTime ‖ txCount ‖ F forced ids (`forcedIds`, then zeros) ‖ updates, padded with
    ///         zeros to slots = circuit % 256 updates, top three bits cleared: the same for every
    ///         signer scheme of a size.
    /// @dev    Takes the forced ids themselves rather than a count, so that it gives the input
    ///         of any batch, whatever the queue holds now; submitBatch passes the ids at the
    ///         head of the queue. Reverts with BadForcedCount when there are more than F ids,
    ///         BadCircuit for a size other than 1, 4 or 16.
    function publicInput(
        uint256 circuit,
        bytes32 oldRoot,
        bytes32 newRoot,
        uint64 oldLeafCount,
        uint64 newLeafCount,
        uint64 batchTime,
        bytes32[] calldata forcedIds,
        bytes calldata updates
    ) external view returns (uint256) {
        uint256 slots = _slots(circuit);
        uint256 forcedSlots = _forcedSlots(slots);
        if (forcedIds.length > forcedSlots) revert BadForcedCount(forcedIds.length, forcedSlots);
        Chain memory s = Chain(domainSeparator(), oldRoot, oldLeafCount, 0, 0, 0, false);
        return _publicInput(s, slots, newRoot, newLeafCount, batchTime, forcedIds, updates);
    }

    /// @dev The public input of a batch from the chain state `s` (its separator, root and leaf
    ///      count are the batch's old ones) and the forced ids (at most F, checked by the callers).
    function _publicInput(
        Chain memory s,
        uint256 slots,
        bytes32 newRoot,
        uint64 newLeafCount,
        uint64 batchTime,
        bytes32[] memory forcedIds,
        bytes calldata updates
    ) internal pure returns (uint256 input) {
        uint256 idWords = _forcedSlots(slots);
        assembly ("memory-safe") {
            let p := mload(0x40)
            mstore(p, mload(s)) // separator
            mstore(add(p, 32), mload(add(s, 32))) // old root
            mstore(add(p, 64), newRoot)
            // four big-endian u64 in one word: old and new leaf counts, time, txCount
            mstore(
                add(p, 96),
                or(
                    or(shl(192, mload(add(s, 64))), shl(128, newLeafCount)),
                    or(shl(64, batchTime), div(updates.length, 52)) // txCount: 52 = UPDATE_BYTES
                )
            )
            // F id words: the forced ids, then zeros
            let ids := add(p, FIXED_PUBLIC_BYTES)
            let count := mload(forcedIds)
            for { let j := 0 } lt(j, idWords) { j := add(j, 1) } {
                let id := 0
                if lt(j, count) { id := mload(add(forcedIds, shl(5, add(j, 1)))) }
                mstore(add(ids, shl(5, j)), id)
            }
            let pairs := add(ids, shl(5, idWords))
            calldatacopy(pairs, updates.offset, updates.length)
            // the empty slots' updates are zeros (fresh memory may not be)
            let end := add(pairs, mul(slots, 52)) // UPDATE_BYTES
            for { let q := add(pairs, updates.length) } lt(q, end) { q := add(q, 32) } { mstore(q, 0) }
            // the top three bits cleared: & (2^253 - 1)
            input := and(keccak256(p, sub(end, p)), shr(3, not(0)))
        }
    }

    /// @dev F = min(slots, MAX_FORCED_PER_BATCH).
    function _forcedSlots(uint256 slots) internal pure returns (uint256) {
        return slots < MAX_FORCED_PER_BATCH ? slots : MAX_FORCED_PER_BATCH;
    }

    /// @dev The ids of the `forcedCount` queue entries from `head` (`tail`: the queue's end),
    ///      after checking forcedCount against min(F, queued, txCount) and the due rule: queue
    ///      times never decrease, so the due entries form a prefix, and the batch takes them all
    ///      (among the first F) exactly when the first entry it leaves, if among the first F, is
    ///      not yet due.
    function _takeForced(uint64 head, uint64 tail, uint256 forcedCount, uint256 forcedSlots, uint256 txCount)
        internal
        view
        returns (bytes32[] memory ids)
    {
        uint256 queued = tail - head;
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

    /// @notice Sets the verifier of batch circuit `circuit` = slots + 256·(scheme − 1), slots 1,
    ///         4 or 16 (proof.md §9; BadCircuit otherwise); address 0 removes the circuit.
    function setVerifier(uint256 circuit, IBatchVerifier verifier) external onlyOwner {
        _slots(circuit);
        verifiers[circuit] = verifier;
        emit VerifierSet(circuit, address(verifier));
    }

    /// @notice Sets the aggregation verifier (address 0 refuses aggregated submissions).
    function setAggregationVerifier(IKeyedVerifier verifier) external onlyOwner {
        aggregationVerifier = verifier;
        emit AggregationVerifierSet(address(verifier));
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
