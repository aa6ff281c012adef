// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

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
contract KeystoreRollup {
    // ------------------------------------------------------------------ types and constants

    /// @notice Where and when a root was recorded.
    struct RootInfo {
        uint64 batchIndex; // 0 for the genesis root
        uint64 l1Block;
        uint64 l1Time;
        uint64 batchTime; // the batch's own time, which its transactions were applied at
    }

    /// @notice Bytes of one published update: account (20) ‖ new configHash (32).
    uint256 public constant UPDATE_BYTES = 52;
    /// @dev Bytes of the public bytes before the updates: separator, two roots, four u64.
    uint256 internal constant FIXED_PUBLIC_BYTES = 128;
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

    mapping(bytes32 root => RootInfo) internal roots;
    /// @notice The verifier of each compiled batch size (slots).
    mapping(uint256 slots => IBatchVerifier) public verifiers;
    mapping(address => bool) public isSequencer;

    address public owner;
    address public pendingOwner;

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
    event SequencerSet(address indexed sequencer, bool allowed);
    event VerifierSet(uint256 indexed slots, address verifier);
    event OwnershipTransferStarted(address indexed previousOwner, address indexed newOwner);
    event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);

    error NotOwner(address caller);
    error NotPendingOwner(address caller);
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

    // ------------------------------------------------------------------ set-up

    /// @param owner_ manages sequencers and verifiers
    /// @param genesisRoot the root of the tree holding only the sentinel (hashing.md §4)
    /// @param basedTimeout_ seconds without a batch after which anyone may submit
    constructor(address owner_, bytes32 genesisRoot, uint64 basedTimeout_) {
        if (owner_ == address(0)) revert ZeroAddress();
        owner = owner_;
        basedTimeout = basedTimeout_;
        latestRoot = genesisRoot;
        leafCount = 1;
        lastSubmittedAt = uint64(block.timestamp);
        roots[genesisRoot] = RootInfo(0, uint64(block.number), uint64(block.timestamp), 0);
        emit OwnershipTransferred(address(0), owner_);
    }

    modifier onlyOwner() {
        if (msg.sender != owner) revert NotOwner(msg.sender);
        _;
    }

    // ------------------------------------------------------------------ batches

    /// @notice Accepts a proven batch that extends the latest root.
    /// @param slots the batch circuit's size (1, 4 or 16): selects the verifier
    /// @param newRoot the root after the batch
    /// @param newLeafCount leaves after the batch (`leafCount` + accounts created)
    /// @param batchTime the time the batch's transactions were applied at
    /// @param updates account (20 bytes) ‖ new configHash (32 bytes) per transaction, in order
    /// @param proof the Groth16 proof in gnark's Solidity form
    function submitBatch(
        uint256 slots,
        bytes32 newRoot,
        uint64 newLeafCount,
        uint64 batchTime,
        bytes calldata updates,
        bytes calldata proof
    ) external {
        if (!isSequencer[msg.sender] && !basedMode()) revert NotSequencer(msg.sender);
        IBatchVerifier verifier = verifiers[slots];
        if (address(verifier) == address(0)) revert UnknownBatchSize(slots);
        if (updates.length % UPDATE_BYTES != 0) revert MalformedUpdates(updates.length);
        uint256 txCount = updates.length / UPDATE_BYTES;
        if (txCount == 0 || txCount > slots) revert BadTxCount(txCount, slots);
        uint64 oldLeafCount = leafCount;
        if (newLeafCount < oldLeafCount || newLeafCount - oldLeafCount > txCount) {
            revert BadLeafCount(newLeafCount, oldLeafCount, txCount);
        }
        if (batchTime > block.timestamp) revert BatchTimeInFuture(batchTime, block.timestamp);
        if (batchTime < lastBatchTime) revert BatchTimeBeforePrevious(batchTime, lastBatchTime);
        if (roots[newRoot].l1Block != 0) revert RootAlreadyRecorded(newRoot);

        bytes32 oldRoot = latestRoot;
        uint256 input = publicInput(slots, oldRoot, newRoot, oldLeafCount, newLeafCount, batchTime, updates);
        try verifier.verifyProof(proof, [input]) {}
        catch {
            revert InvalidProof();
        }

        uint64 index = batchCount + 1;
        latestRoot = newRoot;
        leafCount = newLeafCount;
        batchCount = index;
        lastBatchTime = batchTime;
        lastSubmittedAt = uint64(block.timestamp);
        roots[newRoot] = RootInfo(index, uint64(block.number), uint64(block.timestamp), batchTime);
        emit BatchSubmitted(index, newRoot, oldRoot, newLeafCount, batchTime, txCount, msg.sender);
    }

    /// @notice The proof's public input for a batch (proof.md §3): keccak256 of
    ///         separator ‖ oldRoot ‖ newRoot ‖ oldLeafCount ‖ newLeafCount ‖ batchTime ‖ txCount
    ///         ‖ updates, padded with zeros to `slots` updates, top three bits cleared.
    function publicInput(
        uint256 slots,
        bytes32 oldRoot,
        bytes32 newRoot,
        uint64 oldLeafCount,
        uint64 newLeafCount,
        uint64 batchTime,
        bytes calldata updates
    ) public view returns (uint256 input) {
        uint256 txCount = updates.length / UPDATE_BYTES;
        bytes32 separator = domainSeparator();
        uint256 length = FIXED_PUBLIC_BYTES + slots * UPDATE_BYTES;
        bytes32 digest;
        assembly ("memory-safe") {
            let p := mload(0x40)
            mstore(p, separator)
            mstore(add(p, 32), oldRoot)
            mstore(add(p, 64), newRoot)
            // four big-endian u64 in one word
            mstore(
                add(p, 96),
                or(or(shl(192, oldLeafCount), shl(128, newLeafCount)), or(shl(64, batchTime), txCount))
            )
            calldatacopy(add(p, 128), updates.offset, updates.length)
            // the empty slots' updates are zeros (fresh memory may not be)
            let end := add(p, length)
            for { let q := add(add(p, 128), updates.length) } lt(q, end) { q := add(q, 32) } { mstore(q, 0) }
            digest := keccak256(p, length)
        }
        input = uint256(digest) & PUBLIC_INPUT_MASK;
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

    /// @notice Starts a transfer of ownership; `newOwner` completes it with acceptOwnership.
    function transferOwnership(address newOwner) external onlyOwner {
        pendingOwner = newOwner;
        emit OwnershipTransferStarted(owner, newOwner);
    }

    /// @notice Completes a transfer of ownership started by the owner.
    function acceptOwnership() external {
        if (msg.sender != pendingOwner) revert NotPendingOwner(msg.sender);
        emit OwnershipTransferred(owner, msg.sender);
        owner = msg.sender;
        pendingOwner = address(0);
    }
}
