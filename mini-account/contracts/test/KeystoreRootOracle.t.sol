// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {KeystoreTest} from "keystore-test/KeystoreTest.sol";
import {DevL1Block} from "../src/DevL1Block.sol";
import {IL1Block} from "../src/interfaces/IL1Block.sol";
import {KeystoreRootOracle} from "../src/KeystoreRootOracle.sol";
import {KeystoreTreeHashing} from "../src/KeystoreTreeHashing.sol";
import {Poseidon2} from "../src/Poseidon2.sol";
import {MerklePatriciaProof} from "../src/lib/MerklePatriciaProof.sol";
import {RlpCalldata} from "../src/lib/RlpCalldata.sol";

/// @dev Cheatcodes this suite needs beyond tools/foundry/testlib's Vm.
interface VmExtra {
    struct Log {
        bytes32[] topics;
        bytes data;
        address emitter;
    }

    function store(address target, bytes32 slot, bytes32 value) external;
    function load(address target, bytes32 slot) external view returns (bytes32);
    function recordLogs() external;
    function getRecordedLogs() external returns (Log[] memory);
}

/// @dev Exposes the oracle's steps, to measure them one by one.
contract OracleHarness is KeystoreRootOracle {
    constructor(IL1Block l1Block_, address rollup_) KeystoreRootOracle(l1Block_, rollup_) {}

    function readHeader(bytes calldata header) external view returns (bytes32, uint64, uint64) {
        return _readHeader(header);
    }

    function storageRoot(bytes32 stateRoot, bytes[] calldata proof) external view returns (bytes32) {
        return _storageRoot(stateRoot, proof);
    }

    function slotValue(bytes32 root, bytes32 path, bytes[] calldata proof) external pure returns (uint256) {
        return _slotValue(root, path, proof);
    }

    function checkFrontier(bytes32 root, uint8 height, uint256 node) external pure {
        _checkFrontier(root, height, node);
    }

    function emptySubtreeRootTable() external pure returns (bytes memory) {
        return EMPTY_SUBTREE_ROOTS;
    }
}

/// @notice The root oracle against a real anvil proof (test/fixtures/root-sync-anvil.json,
///         written by mini-account's RootSyncOnAnvilTest: a KeystoreRollup on anvil whose
///         latestRoot is that of a 1,000-leaf tree).
contract KeystoreRootOracleTest is KeystoreTest {
    VmExtra internal constant vmx = VmExtra(address(uint160(uint256(keccak256("hevm cheat code")))));
    string internal constant FIXTURE = "test/fixtures/root-sync-anvil.json";

    struct Fixture {
        address rollup;
        uint64 blockNumber;
        uint64 timestamp;
        bytes32 blockHash;
        bytes header;
        bytes[] accountProof;
        bytes[] rootProof;
        bytes[] countProof;
        bytes32 root;
        uint64 leafCount;
        uint8 frontierHeight;
        uint256 frontierNode;
    }

    Fixture internal f;
    DevL1Block internal l1Block;
    OracleHarness internal oracle;

    function setUp() public {
        string memory json = readProjectFile(FIXTURE);
        f.rollup = address(uint160(vm.parseJsonUint(json, ".rollup")));
        f.blockNumber = uint64(vm.parseJsonUint(json, ".blockNumber"));
        f.timestamp = uint64(vm.parseJsonUint(json, ".timestamp"));
        f.blockHash = vm.parseJsonBytes32(json, ".blockHash");
        f.header = vm.parseJsonBytes(json, ".header");
        f.accountProof = _proof(json, "accountProof");
        f.rootProof = _proof(json, "rootProof");
        f.countProof = _proof(json, "countProof");
        f.root = vm.parseJsonBytes32(json, ".root");
        f.leafCount = uint64(vm.parseJsonUint(json, ".leafCount"));
        f.frontierHeight = uint8(vm.parseJsonUint(json, ".frontierHeight"));
        f.frontierNode = uint256(vm.parseJsonBytes32(json, ".frontierNode"));

        l1Block = new DevL1Block();
        l1Block.initialize(address(this));
        _relay(f.blockNumber, f.timestamp, f.blockHash);
        oracle = new OracleHarness(l1Block, f.rollup);
    }

    function _proof(string memory json, string memory name) internal pure returns (bytes[] memory nodes) {
        uint256 n = vm.parseJsonUint(json, string.concat(".", name, "Length"));
        nodes = new bytes[](n);
        for (uint256 i; i < n; ++i) {
            nodes[i] = vm.parseJsonBytes(json, jsonPath(string.concat(".", name), i, ""));
        }
    }

    function _relay(uint64 number, uint64 time, bytes32 hash) internal {
        l1Block.setL1BlockValues(number, time, 1 gwei, hash, 0, bytes32(0), 0, 0);
    }

    function _sync() internal returns (bytes32) {
        return oracle.syncRoot(f.header, f.accountProof, f.rootProof, f.countProof, f.frontierNode);
    }

    // ------------------------------------------------------------------ the happy path

    function test_syncsTheRollupRootWithItsTimeAndFrontier() public {
        vmx.recordLogs();
        bytes32 root = _sync();

        assertEq(root, f.root, "returned root");
        assertEq(oracle.latestRoot(), f.root, "latestRoot");
        assertEq(oracle.rootL1Time(f.root), f.timestamp, "rootL1Time");
        assertEq(oracle.latestL1Block(), f.blockNumber, "latestL1Block");
        (uint8 height, uint256 node) = oracle.frontier(f.root);
        assertEq(height, 10, "k for 1000 leaves");
        assertEq(height, f.frontierHeight, "height");
        assertEq(node, f.frontierNode, "frontier node");
        (uint64 number, uint64 time, uint64 leafCount, uint8 h) = oracle.rootRecord(f.root);
        assertEq(number, f.blockNumber, "record block");
        assertEq(time, f.timestamp, "record time");
        assertEq(leafCount, 1000, "record leafCount");
        assertEq(h, 10, "record height");

        VmExtra.Log[] memory logs = vmx.getRecordedLogs();
        assertEq(logs.length, 1, "one event");
        assertEq(logs[0].topics[0], KeystoreRootOracle.RootSynced.selector, "RootSynced");
        assertEq(logs[0].topics[1], f.root, "event root");
        assertEq(uint256(logs[0].topics[2]), f.blockNumber, "event block");
        assertEq(logs[0].data, abi.encode(f.timestamp, uint64(1000), uint8(10), f.frontierNode), "event data");
    }

    function test_unknownRootsReadAsZero() public view {
        assertEq(oracle.rootL1Time(f.root), 0, "time");
        (uint8 height, uint256 node) = oracle.frontier(f.root);
        assertEq(height, 0, "height");
        assertEq(node, 0, "node");
        assertEq(oracle.latestRoot(), bytes32(0), "latest");
    }

    function test_steps() public view {
        (bytes32 stateRoot, uint64 number, uint64 time) = oracle.readHeader(f.header);
        assertEq(number, f.blockNumber, "number");
        assertEq(time, f.timestamp, "timestamp");
        bytes32 storageRoot = oracle.storageRoot(stateRoot, f.accountProof);
        assertEq(
            bytes32(oracle.slotValue(storageRoot, keccak256(abi.encode(uint256(0))), f.rootProof)), f.root, "slot 0"
        );
        assertEq(
            uint64(oracle.slotValue(storageRoot, keccak256(abi.encode(uint256(1))), f.countProof)),
            1000,
            "slot 1 low 64 bits"
        );
    }

    /// @notice Gas of each step and of a whole sync of a new root, in the steady state (the
    ///         oracle already holds a root, so latestRoot is overwritten, not created):
    ///         execution inside the call, inputs already in memory. The transaction's figure,
    ///         with intrinsic and calldata gas, is RootSyncOnAnvilTest's l2_root_sync_gas.
    function test_gasSyncRoot() public {
        vmx.store(address(oracle), bytes32(0), bytes32(uint256(1))); // a previous latestRoot
        bytes memory header = f.header;
        bytes[] memory account = _copy(f.accountProof);
        bytes[] memory rootP = _copy(f.rootProof);
        bytes[] memory countP = _copy(f.countProof);
        (bytes32 stateRoot,,) = oracle.readHeader(header);
        bytes32 storageRoot = oracle.storageRoot(stateRoot, account);
        bytes32 rootPath = keccak256(abi.encode(uint256(0)));
        uint256 g = gasleft();
        oracle.readHeader(header);
        logNamedUint("gas_read_header", g - gasleft());
        g = gasleft();
        oracle.storageRoot(stateRoot, account);
        logNamedUint("gas_account_proof", g - gasleft());
        g = gasleft();
        oracle.slotValue(storageRoot, rootPath, rootP);
        logNamedUint("gas_storage_proof", g - gasleft());
        g = gasleft();
        oracle.checkFrontier(f.root, 10, f.frontierNode);
        logNamedUint("gas_frontier_check", g - gasleft());
        uint256 node = f.frontierNode;
        g = gasleft();
        oracle.syncRoot(header, account, rootP, countP, node);
        logNamedUint("gas_sync_root_call", g - gasleft());
    }

    // ------------------------------------------------------------------ frontier height

    function test_emptySubtreeRootTableMatchesTheTreeHashing() public view {
        bytes memory table = oracle.emptySubtreeRootTable();
        assertEq(table.length, 31 * 32, "Z_1..Z_31");
        for (uint256 h = 1; h < 32; ++h) {
            uint256 z;
            assembly {
                z := mload(add(table, shl(5, h)))
            }
            assertEq(z, KeystoreTreeHashing.emptySubtreeRoot(h), "Z_h");
        }
    }

    /// Every height: F_k of the empty tree is Z_k and hashes up to the empty root; Z_{k+1} does not.
    function test_frontierCheckAtEveryHeight() public view {
        bytes32 emptyRoot = bytes32(KeystoreTreeHashing.emptySubtreeRoot(32));
        for (uint8 k = 1; k <= 32; ++k) {
            oracle.checkFrontier(emptyRoot, k, KeystoreTreeHashing.emptySubtreeRoot(k));
        }
    }

    function test_frontierCheckRejectsANodeOfTheWrongHeight() public {
        bytes32 emptyRoot = bytes32(KeystoreTreeHashing.emptySubtreeRoot(32));
        uint256 wrong = KeystoreTreeHashing.emptySubtreeRoot(5);
        vm.expectRevert(
            abi.encodeWithSelector(KeystoreRootOracle.FrontierMismatch.selector, emptyRoot, uint8(4), wrong)
        );
        oracle.checkFrontier(emptyRoot, 4, wrong);
    }

    function test_frontierHeight() public view {
        uint64[10] memory counts = [uint64(1), 2, 3, 4, 5, 1000, 1024, 1025, 1 << 31, 1 << 32];
        uint8[10] memory heights = [uint8(1), 1, 2, 2, 3, 10, 10, 11, 31, 32];
        for (uint256 i; i < counts.length; ++i) {
            assertEq(oracle.frontierHeight(counts[i]), heights[i], "height");
        }
    }

    function test_frontierHeightRejectsZeroAndMoreThanTheTreeHolds() public {
        vm.expectRevert(abi.encodeWithSelector(KeystoreRootOracle.InvalidLeafCount.selector, uint64(0)));
        oracle.frontierHeight(0);
        vm.expectRevert(abi.encodeWithSelector(KeystoreRootOracle.InvalidLeafCount.selector, uint64(1 << 32) + 1));
        oracle.frontierHeight(uint64(1 << 32) + 1);
    }

    function testFuzz_frontierHeightIsTheSmallestCoveringSubtree(uint64 leafCount) public view {
        leafCount = uint64(bound(leafCount, 1, 1 << 32));
        uint8 k = oracle.frontierHeight(leafCount);
        assertGe(k, 1, "k >= 1");
        assertTrue(uint256(1) << k >= leafCount, "covers");
        assertTrue(k == 1 || uint256(1) << (k - 1) < leafCount, "smallest");
    }

    // ------------------------------------------------------------------ rules

    function test_constructorRejectsZeroAddresses() public {
        vm.expectRevert(KeystoreRootOracle.ZeroAddress.selector);
        new KeystoreRootOracle(IL1Block(address(0)), f.rollup);
        vm.expectRevert(KeystoreRootOracle.ZeroAddress.selector);
        new KeystoreRootOracle(l1Block, address(0));
    }

    function test_rejectsAHeaderNotMatchingTheL1BlockHash() public {
        _relay(f.blockNumber, f.timestamp, bytes32(uint256(f.blockHash) ^ 1));
        vm.expectRevert(
            abi.encodeWithSelector(
                KeystoreRootOracle.HeaderHashMismatch.selector, f.blockHash, bytes32(uint256(f.blockHash) ^ 1)
            )
        );
        _sync();
    }

    /// A header the L1Block oracle vouches for, but with another stateRoot: the account proof's
    /// root node no longer matches.
    function test_rejectsAWrongHeaderEvenWhenTheL1BlockHoldsItsHash() public {
        bytes memory header = f.header;
        // the stateRoot is item 3: list prefix (3) + parentHash (33) + ommersHash (33) + beneficiary (21) + 0xa0
        uint256 at = 3 + 33 + 33 + 21 + 1;
        assertEq(uint8(header[at - 1]), 0xa0, "stateRoot prefix");
        header[at] ^= 0x01;
        _relay(f.blockNumber, f.timestamp, keccak256(header));
        vm.expectRevert(abi.encodeWithSelector(MerklePatriciaProof.NodeHashMismatch.selector, 0));
        oracle.syncRoot(header, f.accountProof, f.rootProof, f.countProof, f.frontierNode);
    }

    function test_rejectsAMalformedHeaderEvenWhenTheL1BlockHoldsItsHash() public {
        bytes memory header = new bytes(40);
        for (uint256 i; i < 40; ++i) {
            header[i] = f.header[i];
        }
        _relay(f.blockNumber, f.timestamp, keccak256(header));
        vm.expectRevert(RlpCalldata.MalformedRlp.selector);
        oracle.syncRoot(header, f.accountProof, f.rootProof, f.countProof, f.frontierNode);
    }

    function test_rejectsABadAccountProofNode() public {
        bytes[] memory proof = _copy(f.accountProof);
        proof[1][5] ^= 0x01;
        vm.expectRevert(abi.encodeWithSelector(MerklePatriciaProof.NodeHashMismatch.selector, 1));
        oracle.syncRoot(f.header, proof, f.rootProof, f.countProof, f.frontierNode);
    }

    function test_rejectsATruncatedAccountProof() public {
        bytes[] memory proof = new bytes[](f.accountProof.length - 1);
        for (uint256 i; i < proof.length; ++i) {
            proof[i] = f.accountProof[i];
        }
        vm.expectRevert(MerklePatriciaProof.ProofTooShort.selector);
        oracle.syncRoot(f.header, proof, f.rootProof, f.countProof, f.frontierNode);
    }

    function test_rejectsAnAccountProofWithTrailingNodes() public {
        bytes[] memory proof = new bytes[](f.accountProof.length + 1);
        for (uint256 i; i < f.accountProof.length; ++i) {
            proof[i] = f.accountProof[i];
        }
        proof[f.accountProof.length] = f.accountProof[0];
        vm.expectRevert(MerklePatriciaProof.ProofTooLong.selector);
        oracle.syncRoot(f.header, proof, f.rootProof, f.countProof, f.frontierNode);
    }

    function test_rejectsAnEmptyProof() public {
        vm.expectRevert(MerklePatriciaProof.ProofTooShort.selector);
        oracle.syncRoot(f.header, new bytes[](0), f.rootProof, f.countProof, f.frontierNode);
    }

    /// The proof is of the rollup; an oracle for another L1 contract follows another path.
    function test_rejectsAProofOfAnotherAccount() public {
        KeystoreRootOracle other = new KeystoreRootOracle(l1Block, address(uint160(f.rollup) ^ 1));
        try other.syncRoot(f.header, f.accountProof, f.rootProof, f.countProof, f.frontierNode) {
            fail("accepted a proof of another account");
        } catch (bytes memory reason) {
            _assertPathRefused(reason);
        }
    }

    /// The walk leaves the proven path: a child that is not the next node, or an absent key.
    function _assertPathRefused(bytes memory reason) internal pure {
        bytes4 selector = bytes4(reason);
        assertTrue(
            selector == MerklePatriciaProof.NodeHashMismatch.selector
                || selector == MerklePatriciaProof.KeyNotInTrie.selector,
            "NodeHashMismatch or KeyNotInTrie"
        );
    }

    function test_rejectsABadStorageProofNode() public {
        bytes[] memory proof = _copy(f.rootProof);
        proof[proof.length - 1][3] ^= 0x01;
        vm.expectRevert(abi.encodeWithSelector(MerklePatriciaProof.NodeHashMismatch.selector, proof.length - 1));
        oracle.syncRoot(f.header, f.accountProof, proof, f.countProof, f.frontierNode);
    }

    /// The leaf of slot 1 offered as slot 0's: its path does not match slot 0's key.
    function test_rejectsAStorageProofOfAnotherSlot() public {
        try oracle.syncRoot(f.header, f.accountProof, f.countProof, f.countProof, f.frontierNode) {
            fail("accepted slot 1's proof for slot 0");
        } catch (bytes memory reason) {
            _assertPathRefused(reason);
        }
        try oracle.syncRoot(f.header, f.accountProof, f.rootProof, f.rootProof, f.frontierNode) {
            fail("accepted slot 0's proof for slot 1");
        } catch (bytes memory reason) {
            _assertPathRefused(reason);
        }
    }

    function test_rejectsAWrongFrontier() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                KeystoreRootOracle.FrontierMismatch.selector, f.root, f.frontierHeight, f.frontierNode + 1
            )
        );
        oracle.syncRoot(f.header, f.accountProof, f.rootProof, f.countProof, f.frontierNode + 1);
    }

    function test_rejectsAFrontierOutsideTheField() public {
        vm.expectRevert(abi.encodeWithSelector(Poseidon2.NotAFieldElement.selector, Poseidon2.P));
        oracle.syncRoot(f.header, f.accountProof, f.rootProof, f.countProof, Poseidon2.P);
    }

    /// The node at the right height but of another tree, and F_{k+1} of this one (the right
    /// node at the wrong height), both fail.
    function test_rejectsAFrontierOfAnotherHeight() public {
        uint256 parent = Poseidon2.compress(f.frontierNode, KeystoreTreeHashing.emptySubtreeRoot(f.frontierHeight));
        vm.expectRevert(
            abi.encodeWithSelector(KeystoreRootOracle.FrontierMismatch.selector, f.root, f.frontierHeight, parent)
        );
        oracle.syncRoot(f.header, f.accountProof, f.rootProof, f.countProof, parent);
    }

    function test_rejectsSyncingTheSameBlockAgain() public {
        _sync();
        vm.expectRevert(
            abi.encodeWithSelector(KeystoreRootOracle.L1BlockNotNewer.selector, f.blockNumber, f.blockNumber)
        );
        _sync();
    }

    /// After a sync at a later L1 block (its record's block moved on), the fixture's block is
    /// behind: refused.
    function test_rejectsABackwardsSync() public {
        _sync();
        // records[latestRoot].l1Block := blockNumber + 5 (records is slot 1, l1Block the low 64 bits)
        bytes32 slot = keccak256(abi.encode(f.root, uint256(1)));
        bytes32 packed = vmx.load(address(oracle), slot);
        vmx.store(address(oracle), slot, bytes32((uint256(packed) >> 64 << 64) | (f.blockNumber + 5)));
        assertEq(oracle.latestL1Block(), f.blockNumber + 5, "moved on");
        vm.expectRevert(
            abi.encodeWithSelector(KeystoreRootOracle.L1BlockNotNewer.selector, f.blockNumber, f.blockNumber + 5)
        );
        _sync();
    }

    // ------------------------------------------------------------------ supersession

    /// @dev records[root] := (l1Block, l1Time, leafCount 1, height 1, supersededAt) by storage
    ///      writes (records is slot 1; supersededAt bits 200..247 of the packed record).
    function _storeRecord(bytes32 root, uint64 l1Block_, uint64 l1Time, uint48 supersededAt) internal {
        bytes32 slot = keccak256(abi.encode(root, uint256(1)));
        uint256 packed = uint256(l1Block_) | (uint256(l1Time) << 64) | (uint256(1) << 128) | (uint256(1) << 192)
            | (uint256(supersededAt) << 200);
        vmx.store(address(oracle), slot, bytes32(packed));
    }

    /// A sync of a different root marks the previous latest root superseded at the L2 time;
    /// the new root is not superseded.
    function test_aNewRootSupersedesThePreviousOne() public {
        bytes32 old = keccak256("an older root");
        _storeRecord(old, f.blockNumber - 1, f.timestamp - 12, 0);
        vmx.store(address(oracle), bytes32(0), old); // latestRoot := old
        (uint64 t0, uint64 s0) = oracle.rootStatus(old);
        assertEq(t0, f.timestamp - 12, "old l1Time");
        assertEq(s0, 0, "latest: not superseded");
        vm.warp(1_800_000_000);
        vmx.recordLogs();
        _sync();
        (uint64 t1, uint64 s1) = oracle.rootStatus(old);
        assertEq(t1, f.timestamp - 12, "old l1Time kept");
        assertEq(s1, 1_800_000_000, "superseded at the L2 time");
        (uint64 t2, uint64 s2) = oracle.rootStatus(f.root);
        assertEq(t2, f.timestamp, "new l1Time");
        assertEq(s2, 0, "new root is the latest");
        assertEq(vmx.getRecordedLogs().length, 1, "one event, RootSynced, as before");
    }

    /// A known root synced again while it is the latest stays unsuperseded; a root that was
    /// superseded and becomes the latest again reads as not superseded.
    function test_aResyncedRootIsNotSuperseded() public {
        _sync();
        _storeRecord(f.root, f.blockNumber - 1, f.timestamp - 12, 0); // as if synced a block earlier
        vm.warp(1_800_000_000);
        _sync();
        (uint64 l1Time, uint64 supersededAt) = oracle.rootStatus(f.root);
        assertEq(l1Time, f.timestamp, "later L1 time");
        assertEq(supersededAt, 0, "resynced latest root: not superseded");

        bytes32 other = keccak256("another root");
        _storeRecord(other, f.blockNumber - 1, f.timestamp - 12, 0);
        _storeRecord(f.root, f.blockNumber - 2, f.timestamp - 24, 1_700_000_000); // superseded before
        vmx.store(address(oracle), bytes32(0), other);
        vm.warp(1_800_000_100);
        _sync();
        (, supersededAt) = oracle.rootStatus(f.root);
        assertEq(supersededAt, 0, "latest again");
        (, supersededAt) = oracle.rootStatus(other);
        assertEq(supersededAt, 1_800_000_100, "other superseded");
    }

    function test_firstSyncSupersedesNothing() public {
        _sync();
        (, uint64 supersededAt) = oracle.rootStatus(bytes32(0));
        assertEq(supersededAt, 0, "no previous root");
        (uint64 l1Time, uint64 s) = oracle.rootStatus(keccak256("unknown"));
        assertEq(l1Time, 0, "unknown root");
        assertEq(s, 0, "unknown root");
    }

    // ------------------------------------------------------------------ fuzzing the proof bytes

    /// Any single corrupted byte, in any of the four inputs, is refused.
    function testFuzz_anyCorruptedByteIsRefused(uint256 which, uint256 node, uint256 at, uint8 flip) public {
        flip = uint8(bound(flip, 1, 255));
        bytes memory header = f.header;
        bytes[] memory account = _copy(f.accountProof);
        bytes[] memory rootP = _copy(f.rootProof);
        bytes[] memory countP = _copy(f.countProof);
        which = bound(which, 0, 3);
        if (which == 0) {
            header[bound(at, 0, header.length - 1)] ^= bytes1(flip);
        } else {
            bytes[] memory p = which == 1 ? account : which == 2 ? rootP : countP;
            bytes memory target = p[bound(node, 0, p.length - 1)];
            target[bound(at, 0, target.length - 1)] ^= bytes1(flip);
        }
        vm.expectRevert();
        oracle.syncRoot(header, account, rootP, countP, f.frontierNode);
    }

    /// Random bytes as proof nodes, with the root node kept (so that parsing goes past the
    /// first hash check), never pass and never read out of bounds.
    function testFuzz_randomProofNodesAreRefused(bytes memory junk, uint256 which) public {
        bytes[] memory account = _copy(f.accountProof);
        bytes[] memory rootP = _copy(f.rootProof);
        which = bound(which, 0, 2);
        if (which == 0) account[1] = junk;
        else if (which == 1) rootP[1] = junk;
        else account = _single(junk);
        vm.expectRevert();
        oracle.syncRoot(f.header, account, rootP, f.countProof, f.frontierNode);
    }

    /// A random header that the L1Block oracle vouches for is refused (malformed, or its state
    /// root proves nothing).
    function testFuzz_randomHeaderIsRefused(bytes memory junk) public {
        _relay(f.blockNumber, f.timestamp, keccak256(junk));
        vm.expectRevert();
        oracle.syncRoot(junk, f.accountProof, f.rootProof, f.countProof, f.frontierNode);
    }

    function _copy(bytes[] storage nodes) internal view returns (bytes[] memory out) {
        out = new bytes[](nodes.length);
        for (uint256 i; i < nodes.length; ++i) {
            out[i] = nodes[i];
        }
    }

    function _single(bytes memory node) internal pure returns (bytes[] memory out) {
        out = new bytes[](1);
        out[0] = node;
    }
}
