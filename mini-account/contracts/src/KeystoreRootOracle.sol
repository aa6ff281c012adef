// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IKeystoreRootOracle} from "./interfaces/IKeystoreRootOracle.sol";
import {IL1Block} from "./interfaces/IL1Block.sol";
import {KeystoreTreeHashing} from "./KeystoreTreeHashing.sol";
import {Poseidon2} from "./Poseidon2.sol";
import {MerklePatriciaProof} from "./lib/MerklePatriciaProof.sol";
import {RlpCalldata} from "./lib/RlpCalldata.sol";

/// @title KeystoreRootOracle: keystore roots on an L2, proven from L1 (docs/spec/root-sync.md)
/// @notice Anyone may sync the L1 rollup's latest root with a proof against the L1 block hash
///         that the L1Block oracle (the OP Stack predeploy) holds:
///         1. the RLP block header hashes to `l1Block.hash()`; its stateRoot, number and
///            timestamp are read from it;
///         2. an account proof of the rollup contract against that stateRoot gives its
///            storageRoot;
///         3. storage proofs of slot 0 (`latestRoot`) and slot 1 (`leafCount`, the low 64
///            bits) give the root and its leaf count;
///         4. the frontier F_k (k = max(1, ceil(log2(leafCount)))), the node covering leaves
///            [0, 2^k), hashed up with the empty-subtree roots Z_k..Z_31, must give the root.
///         Syncs move forward only: each proves a strictly later L1 block than the last. A root
///         synced again at a later block keeps its frontier and takes the later L1 block and
///         time (it was still the latest root then), which is what freshness windows read.
///         When a different root becomes the latest, the previous one records the L2
///         block.timestamp as its `supersededAt` (what the accounts' grace period reads).
contract KeystoreRootOracle is IKeystoreRootOracle {
    using RlpCalldata for uint256;

    /// @notice What the oracle knows of a root (one storage slot).
    struct RootRecord {
        uint64 l1Block; // the latest L1 block the root was proven at
        uint64 l1Time; // that block's timestamp
        uint64 leafCount; // leaves in the tree, sentinel included
        uint8 height; // k: the frontier's height
        uint48 supersededAt; // L2 time at which another root became the latest; 0 while latest
    }

    /// @notice The rollup's storage slot of `latestRoot` and of `leafCount` (low 64 bits).
    uint256 public constant LATEST_ROOT_SLOT = 0;
    uint256 public constant LEAF_COUNT_SLOT = 1;
    /// @dev Secure-trie paths of the two slots: keccak256 of the 32-byte slot number.
    bytes32 internal constant LATEST_ROOT_PATH = 0x290decd9548b62a8d60345a988386fc84ba6bc95484008f6362f93160ef3e563;
    bytes32 internal constant LEAF_COUNT_PATH = 0xb10e2d527612073b26eecdfd717e6a320cf44b4afac2b0732d9fcbe2b7fa0cf6;
    /// @dev The tree has 2^32 leaf slots.
    uint256 internal constant MAX_LEAVES = 2 ** KeystoreTreeHashing.TREE_DEPTH;

    /// @dev Z_1..Z_31, the empty-subtree roots (hashing.md §4), 32 bytes each: a table read in
    ///      the hash-up loop, cheaper than KeystoreTreeHashing.emptySubtreeRoot's search; the
    ///      tests check it against that function.
    bytes internal constant EMPTY_SUBTREE_ROOTS = hex"292c3a4b9343aec63e584aefa8bedeaefae44e6d718451a75736def795109dfb"
        hex"0d9dd3c4a68664559a1238c140a81e243e98f1802349ea44cebacb2a8fdd445a"
        hex"2772e83a77c7464b844664878c5535209508d569375a829dd4a15bc85681245d"
        hex"0529faba7f5b8973838ad1a98f4f4dca60fccb16809659f1de31a258b439d9dc"
        hex"0452250fc72024a46f74d24a50b7e6ff1a303ffa583c1b6496ae4fa778af72b8"
        hex"14a7abf386a6f16a560c1ad4a5a40605a0dc562f261ffbd6e2dead73806b3fa2"
        hex"1a5fa16f1b62950e4d8db93887563ed593572f3bd631598b09eb57c6f19d0e04"
        hex"1aabdf8bc39fc9ed61d157291aa1e97c4bf9b78a3e3b7b107689d7afa269c092"
        hex"0d5faea0cfb6e4f72cd97e1cea577fbf3a553544637f271a99dc61acf373cdac"
        hex"1e251359303514345750acd2f2b3f1548ffd008ddbf90bd3c34769859b51bf0b"
        hex"135ed95060b60c52d24c51bbadc785784fce405246b018d72dba4dcbf5445a98"
        hex"094a9ef0b9ac65845e8c729a05bb6c6c7a77aae048d7aa20974da272784bed22"
        hex"2218ba2a9065f88f403b8ee3c7e9823b75b47402c0ac74896564e28ed26a1833"
        hex"0e53ec6acac9e47761ff5f4da08163fc96061886523e4b10ec313e7ce111c51c"
        hex"004d3af59995ba54da542f6b22860bb5dc414973bbe33be107f38b861015d1fc"
        hex"0526bcf2f2f80f0767b3b7ccd36aad34bff6994d25fc1b69788cc630e93df5bb"
        hex"1f3b3ca72b3fed744384e03611e40b6bd78fc00a98206a2a8bceeb070c8ee78d"
        hex"2ae8df96dab42f9f9817ba337e4631cdf5564097c756e9d1446277e2067ffdc0"
        hex"06906273aa189e68d1cfe6004a30acd8ba369ede1972b1f9487576e355a9f173"
        hex"227ddf06cd019e0636691f0ab018f4f0762ca6b2947fb0bb694de42783cd6733"
        hex"26d51f311ba1d685e609747b014915e527b9f122647a3625d0164bbe2146e894"
        hex"25ebd291c105c368d22a72de6cf12d7b4db869f27397d6331f68e65e3bad3e8b"
        hex"18530f9046b56f53907d7cc9c86ec959c4f6b2e27b9187f3baee5ca1be60e8f8"
        hex"2e253e775d61f22db0acf403d1cf3a5f09491d4aac0069dc4e2b23148b1d94d4"
        hex"22867f2813175452c2d1f8fd498af63ce30f162e5a5b8356d63c0343481218cc"
        hex"073fb3beb4e8dbaa9182280093025482f7df409426893578b95de55e69e8e7a0"
        hex"2cde00197505c8f5010ebaec10c98675826664ced6ee513fbbcfb08167f145da"
        hex"178e7e20fe0b62dbc90f83c8dfa709fc6892956637121c662675dc9fcd63d45f"
        hex"2224c40304e0d53c7551e1641fa68359cff898d919eff0e279c4d0f8bad7e83e"
        hex"1ea667e1714d528c39877f1a342f4b8937ec1f6283f19cf75db698c4fcf71f29"
        hex"140e4fabd3d74f35c82256be06b278234aa61ed6f3534c2d994b4ef35f39d934";

    /// @notice The L1Block oracle (on OP Stack chains, the predeploy at 0x42..15).
    IL1Block public immutable l1Block;
    /// @notice The KeystoreRollup contract on L1.
    address public immutable rollup;
    /// @dev keccak256(rollup): its path in the state trie.
    bytes32 internal immutable rollupPath;

    /// @inheritdoc IKeystoreRootOracle
    bytes32 public latestRoot;
    mapping(bytes32 root => RootRecord) internal records;
    mapping(bytes32 root => uint256) internal frontierNodes;

    /// @notice A root was proven to be the rollup's latest root at L1 block `l1Block`.
    event RootSynced(
        bytes32 indexed root,
        uint64 indexed l1Block,
        uint64 l1Time,
        uint64 leafCount,
        uint8 height,
        uint256 frontierNode
    );

    error ZeroAddress();
    /// @notice The header does not hash to the L1 block hash the L1Block oracle holds.
    error HeaderHashMismatch(bytes32 headerHash, bytes32 l1BlockHash);
    /// @notice The proven L1 block is not later than the last synced one.
    error L1BlockNotNewer(uint64 l1Block, uint64 latestL1Block);
    /// @notice The rollup's leaf count is 0 or above 2^32.
    error InvalidLeafCount(uint64 leafCount);
    /// @notice The frontier does not hash up to the root.
    error FrontierMismatch(bytes32 root, uint8 height, uint256 node);

    /// @param l1Block_ the L1Block oracle
    /// @param rollup_ the KeystoreRollup contract on L1
    constructor(IL1Block l1Block_, address rollup_) {
        if (address(l1Block_) == address(0) || rollup_ == address(0)) revert ZeroAddress();
        l1Block = l1Block_;
        rollup = rollup_;
        rollupPath = keccak256(abi.encodePacked(rollup_));
    }

    // ------------------------------------------------------------------ sync

    /// @notice Syncs the rollup's latest root as of the L1 block the L1Block oracle holds.
    /// @param header        the RLP block header of that L1 block
    /// @param accountProof  eth_getProof's accountProof of the rollup at that block
    /// @param rootProof     eth_getProof's storage proof of slot 0 (latestRoot)
    /// @param countProof    eth_getProof's storage proof of slot 1 (leafCount in the low 64 bits)
    /// @param frontierNode  F_k, the node at height k = max(1, ceil(log2(leafCount))) over leaves
    ///                      [0, 2^k); checked only when the root is new (ignored otherwise)
    /// @return root the synced root
    function syncRoot(
        bytes calldata header,
        bytes[] calldata accountProof,
        bytes[] calldata rootProof,
        bytes[] calldata countProof,
        uint256 frontierNode
    ) external returns (bytes32 root) {
        (bytes32 stateRoot, uint64 number, uint64 time) = _readHeader(header);
        bytes32 previousRoot = latestRoot;
        RootRecord storage previousRecord = records[previousRoot];
        uint64 previous = previousRecord.l1Block;
        if (number <= previous) revert L1BlockNotNewer(number, previous);

        bytes32 storageRoot = _storageRoot(stateRoot, accountProof);
        root = bytes32(_slotValue(storageRoot, LATEST_ROOT_PATH, rootProof));
        // leafCount is the low 64 bits of slot 1 (batchCount and two times above it)
        // forge-lint: disable-next-line(unsafe-typecast)
        uint64 leafCount = uint64(_slotValue(storageRoot, LEAF_COUNT_PATH, countProof));

        RootRecord storage record = records[root];
        uint8 height = record.height;
        if (height == 0) {
            height = frontierHeight(leafCount);
            _checkFrontier(root, height, frontierNode);
            frontierNodes[root] = frontierNode;
        } else {
            // a known root: its leaf count and frontier were fixed by its first sync
            leafCount = record.leafCount;
            frontierNode = frontierNodes[root];
        }
        if (root != previousRoot) {
            // the previous root stops being the latest now (before the first sync there is none)
            if (previous != 0) previousRecord.supersededAt = uint48(block.timestamp);
            latestRoot = root;
        }
        records[root] = RootRecord(number, time, leafCount, height, 0);
        emit RootSynced(root, number, time, leafCount, height, frontierNode);
    }

    // ------------------------------------------------------------------ reads

    /// @inheritdoc IKeystoreRootOracle
    function rootL1Time(bytes32 root) external view returns (uint64) {
        return records[root].l1Time;
    }

    /// @inheritdoc IKeystoreRootOracle
    function rootStatus(bytes32 root) external view returns (uint64 l1Time, uint64 supersededAt) {
        RootRecord storage r = records[root];
        return (r.l1Time, r.supersededAt);
    }

    /// @inheritdoc IKeystoreRootOracle
    function frontier(bytes32 root) external view returns (uint8 height, uint256 node) {
        height = records[root].height;
        node = frontierNodes[root];
    }

    /// @notice Everything known of a root (all zero if unknown).
    function rootRecord(bytes32 root)
        external
        view
        returns (uint64 l1BlockNumber, uint64 l1Time, uint64 leafCount, uint8 height)
    {
        RootRecord memory r = records[root];
        return (r.l1Block, r.l1Time, r.leafCount, r.height);
    }

    /// @notice The L1 block of the latest sync (0 before the first).
    function latestL1Block() external view returns (uint64) {
        return records[latestRoot].l1Block;
    }

    /// @notice k = max(1, ceil(log2(leafCount))): the height of the smallest subtree at the left
    ///         edge that holds every leaf.
    function frontierHeight(uint64 leafCount) public pure returns (uint8 height) {
        if (leafCount == 0 || leafCount > MAX_LEAVES) revert InvalidLeafCount(leafCount);
        height = 1;
        while (uint256(1) << height < leafCount) {
            ++height;
        }
    }

    // ------------------------------------------------------------------ internals

    /// @dev Checks keccak256(header) against the L1Block oracle; reads stateRoot (item 3),
    ///      number (item 8) and timestamp (item 11).
    function _readHeader(bytes calldata header) internal view returns (bytes32 stateRoot, uint64 number, uint64 time) {
        bytes32 headerHash;
        uint256 ptr;
        uint256 end;
        assembly ("memory-safe") {
            let m := mload(0x40)
            calldatacopy(m, header.offset, header.length)
            headerHash := keccak256(m, header.length)
            ptr := header.offset
            end := add(ptr, header.length)
        }
        bytes32 expected = l1Block.hash();
        if (headerHash != expected) revert HeaderHashMismatch(headerHash, expected);
        (uint256 p, uint256 len) = ptr.list(end);
        end = p + len;
        p = p.skip(end).skip(end).skip(end); // parentHash, ommersHash, beneficiary
        stateRoot = p.bytes32At(end);
        p = p.skip(end).skip(end).skip(end).skip(end).skip(end); // stateRoot .. difficulty
        number = _u64(p.uintAt(end));
        p = p.skip(end).skip(end).skip(end); // number, gasLimit, gasUsed
        time = _u64(p.uintAt(end));
    }

    /// @dev The rollup's storageRoot: item 2 of its account [nonce, balance, storageRoot, codeHash].
    function _storageRoot(bytes32 stateRoot, bytes[] calldata proof) internal view returns (bytes32) {
        (uint256 v, uint256 vlen) = MerklePatriciaProof.verify(stateRoot, rollupPath, proof);
        uint256 end = v + vlen;
        (uint256 p, uint256 len) = v.list(end);
        end = p + len;
        return p.skip(end).skip(end).bytes32At(end);
    }

    /// @dev A storage slot's value: the leaf holds the RLP string of the value.
    function _slotValue(bytes32 storageRoot, bytes32 path, bytes[] calldata proof) internal pure returns (uint256) {
        (uint256 v, uint256 vlen) = MerklePatriciaProof.verify(storageRoot, path, proof);
        return v.uintAt(v + vlen);
    }

    /// @dev Hashes F_k up the left edge with Z_k..Z_31 and compares with the root.
    function _checkFrontier(bytes32 root, uint8 height, uint256 node) internal pure {
        bytes memory empty = EMPTY_SUBTREE_ROOTS;
        uint256 acc = node;
        for (uint256 h = height; h < KeystoreTreeHashing.TREE_DEPTH; ++h) {
            uint256 z;
            assembly ("memory-safe") {
                z := mload(add(empty, shl(5, h))) // Z_h is entry h - 1, after the length word
            }
            acc = Poseidon2.compress(acc, z);
        }
        if (acc != uint256(root)) revert FrontierMismatch(root, height, node);
    }

    function _u64(uint256 value) private pure returns (uint64) {
        if (value > type(uint64).max) revert RlpCalldata.MalformedRlp();
        // forge-lint: disable-next-line(unsafe-typecast)
        return uint64(value);
    }
}
