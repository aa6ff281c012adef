// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {KeystoreProtocol} from "keystore-protocol/KeystoreProtocol.sol";
import {KeystoreProofs} from "../src/KeystoreProofs.sol";
import {KeystoreProofVerifier} from "../src/KeystoreProofVerifier.sol";
import {SpendingRules} from "../src/SpendingRules.sol";
import {Poseidon2} from "../src/Poseidon2.sol";
import {KeystoreFixtures} from "./utils/KeystoreFixtures.sol";
import {TestTree} from "./utils/TestTree.sol";

/// @notice KeystoreProofs and SpendingRules against the Java reference vectors, and every
///         rejection of a proof.
contract KeystoreProofsTest is KeystoreFixtures {
    using TestTree for TestTree.Tree;

    string internal constant STATE_VECTORS = "../../test-vectors/keystore-state-v1.json";
    uint8 internal constant HEIGHT = 3;

    KeystoreProofVerifier internal verifier;
    Key internal alice;
    Config internal aliceConfig;
    uint256 internal aliceAccount;
    uint256 internal constant SALT = 0x1234;

    function setUp() public {
        verifier = new KeystoreProofVerifier();
        alice = makeKey(0xA11CE);
        aliceConfig = initialConfig(alice, 0);
        aliceAccount = uint160(keystoreAddressOf(SALT, aliceConfig));
    }

    /// @dev A tree of height 3 with the sentinel and three other accounts around alice's.
    function _tree() internal view returns (TestTree.Tree memory t) {
        t = TestTree.create(HEIGHT);
        t.insert(aliceAccount - 1000, 11);
        t.insert(aliceAccount + 77, 22);
        t.insert(1, 33);
    }

    // ------------------------------------------------------------------- vectors

    function test_keyHashMatchesJavaVectors() public view {
        string memory json = readProjectFile(STATE_VECTORS);
        for (uint256 i; i < 4; ++i) {
            bytes memory pub = vm.parseJsonBytes(json, jsonPath(".keys", i, ".publicKey"));
            (uint256 x, uint256 y) = _point(pub);
            assertEq(
                KeystoreProtocol.keyHash(x, y), vm.parseJsonUint(json, jsonPath(".keys", i, ".keyHash")), "keyHash"
            );
        }
    }

    function test_initialConfigAndAddressMatchJavaVectors() public view {
        string memory json = readProjectFile(STATE_VECTORS);
        for (uint256 i; i < 2; ++i) {
            string memory p = jsonPath(".accounts", i, ".initialConfig");
            (uint256 x, uint256 y) = _point(vm.parseJsonBytes(json, string.concat(p, ".owner.publicKey")));
            uint256 ownerKeyHash = KeystoreProtocol.keyHash(x, y);
            assertEq(ownerKeyHash, vm.parseJsonUint(json, string.concat(p, ".ownerKeyHash")), "ownerKeyHash");
            uint256 gsh = vm.parseJsonUint(json, string.concat(p, ".guardianSetHash"));
            uint256 rules = vm.parseJsonUint(json, string.concat(p, ".spendingRulesHash"));
            assertEq(
                KeystoreProtocol.configHash(ownerKeyHash, gsh, rules, 0, 0, 0, 0),
                vm.parseJsonUint(json, string.concat(p, ".configHash")),
                "initial configHash"
            );
            uint256 salt = vm.parseJsonUint(json, jsonPath(".accounts", i, ".salt"));
            assertEq(
                KeystoreProtocol.initialAddress(salt, ownerKeyHash, gsh, rules),
                uint160(vmx.parseJsonAddress(json, jsonPath(".accounts", i, ".address"))),
                "address"
            );
        }
    }

    function test_spendingRulesMatchJavaVectors() public view {
        string memory json = readProjectFile(STATE_VECTORS);
        for (uint256 i; i < 4; ++i) {
            bytes memory enc = vm.parseJsonBytes(json, jsonPath(".spendingRules", i, ".encoding"));
            (, uint256 h) = verifier.decodeRules(enc);
            assertEq(h, vm.parseJsonUint(json, jsonPath(".spendingRules", i, ".spendingRulesHash")), "rules hash");
        }
    }

    // -------------------------------------------------------------------- proofs

    function test_absentAccountProvesItsInitialKey() public view {
        TestTree.Tree memory t = _tree();
        bytes memory proof = absentProof(t, aliceAccount, SALT, aliceConfig);
        (uint256 x, uint256 y, uint256 rules, uint256 frozen, uint256 used) =
            verifier.verify(aliceAccount, 1, HEIGHT, t.frontier(), proof);
        assertEq(x, alice.x, "x");
        assertEq(y, alice.y, "y");
        assertEq(rules, 0, "rules");
        assertEq(frozen, 0, "not frozen");
        assertEq(used, proof.length, "used");
        assertEq(used, 5 + 8 * 32 + HEIGHT * 32, "absent proof length");
    }

    function test_absentAccountAboveLargestKeyUsesLastLeaf() public view {
        TestTree.Tree memory t = TestTree.create(HEIGHT);
        t.insert(5, 55); // alice's key is the largest: low leaf 5 with nextKey 0
        bytes memory proof = absentProof(t, aliceAccount, SALT, aliceConfig);
        (uint256 x,,,,) = verifier.verify(aliceAccount, 1, HEIGHT, t.frontier(), proof);
        assertEq(x, alice.x, "x");
    }

    function test_memberProvesItsCurrentKey() public {
        TestTree.Tree memory t = _tree();
        Key memory bob = makeKey(0xB0B);
        Config memory c = initialConfig(bob, 0x77);
        c.nonce = 3;
        c.recoveryEpoch = 1;
        c.pendingUpdateHash = 0x99;
        t.insert(aliceAccount, configHashOf(c));
        bytes memory proof = memberProof(t, aliceAccount, c);
        (uint256 x, uint256 y, uint256 rules, uint256 frozen, uint256 used) =
            verifier.verify(aliceAccount, 1, HEIGHT, t.frontier(), proof);
        assertEq(x, bob.x, "x");
        assertEq(y, bob.y, "y");
        assertEq(rules, 0x77, "rules");
        assertEq(frozen, 0, "not frozen");
        assertEq(used, 5 + 9 * 32 + HEIGHT * 32, "member proof length");
    }

    /// @notice Kind 2: the pending recovery opened. Under its threshold (executableAfter 0)
    ///         the key is proven and not frozen; at its threshold executableAfter comes back.
    function test_memberWithPendingRecoveryOpensIt() public {
        Key memory bob = makeKey(0xB0B);
        Key memory carol = makeKey(0xCA201);
        for (uint256 i; i < 2; ++i) {
            uint256 executableAfter = i == 0 ? 0 : 1_700_003_600;
            uint256 votes = i == 0 ? 0x01 : 0x03 + 16 * 0x04; // approvals 0b11, guardian 2 vetoed
            Config memory c = withRecovery(initialConfig(bob, 0x77), carol, votes, executableAfter);
            c.nonce = 2;
            c.recoveryEpoch = 5;
            TestTree.Tree memory t = _tree();
            t.insert(aliceAccount, configHashOf(c));
            bytes memory proof = memberProof(t, aliceAccount, c);
            assertEq(uint8(proof[0]), 2, "kind 2");
            (uint256 x, uint256 y, uint256 rules, uint256 frozen, uint256 used) =
                verifier.verify(aliceAccount, 1, HEIGHT, t.frontier(), proof);
            assertEq(x, bob.x, "x");
            assertEq(y, bob.y, "y");
            assertEq(rules, 0x77, "rules");
            assertEq(frozen, executableAfter, "executableAfter");
            assertEq(used, 5 + 11 * 32 + HEIGHT * 32, "kind-2 proof length");
        }
    }

    /// @notice The verifier deploys on a chain with the EIP-170 limit (anvil, every L2): the
    ///         forge tests themselves do not enforce it.
    function test_verifierFitsTheContractSizeLimit() public view {
        assertTrue(address(verifier).code.length <= 24_576, "KeystoreProofVerifier above 24,576 bytes");
    }

    /// @notice pendingRecoveryHash = H_6(keyHash(proposedOwner), approvals + 16 * vetoes,
    ///         executableAfter), the domain-tagged chain of state.md §4.3.
    function test_pendingRecoveryHashIsTheTaggedChain() public pure {
        uint256 h = KeystoreProtocol.pendingRecoveryHashOf(11, 0x35, 99);
        assertEq(h, Poseidon2.compress(Poseidon2.compress(Poseidon2.compress(6, 11), 0x35), 99), "H_6");
    }

    /// @notice A kind-0 proof of a configuration with a pending recovery (its hash given as a
    ///         word, the recovery hidden) is refused: the account could not see the freeze.
    function test_kind0WithAPendingRecoveryIsRejected() public {
        Config memory c = withRecovery(initialConfig(alice, 0), makeKey(0xCA201), 0x01, 1_700_003_600);
        TestTree.Tree memory t = _tree();
        t.insert(aliceAccount, configHashOf(c));
        c.recoveryOpened = false; // kind 0 with pendingRecoveryHash != 0: a true leaf
        bytes memory proof = memberProof(t, aliceAccount, c);
        assertEq(uint8(proof[0]), 0, "kind 0");
        vm.expectRevert(KeystoreProofs.PendingRecoveryNotOpened.selector);
        verifier.verify(aliceAccount, 1, HEIGHT, t.frontier(), proof);
    }

    /// @notice A kind-2 proof that hides the vetoes or the executableAfter does not hash to the leaf.
    function test_kind2WithOtherVotesOrTimeIsRejected() public {
        Key memory carol = makeKey(0xCA201);
        Config memory c = withRecovery(initialConfig(alice, 0), carol, 0x03 + 16 * 0x01, 1_700_003_600);
        TestTree.Tree memory t = _tree();
        t.insert(aliceAccount, configHashOf(c));
        Config memory lie = withRecovery(initialConfig(alice, 0), carol, 0x03, 1_700_003_600);
        _expectFrontierMismatch(t, memberProof(t, aliceAccount, lie));
        lie = withRecovery(initialConfig(alice, 0), carol, 0x03 + 16 * 0x01, 0);
        _expectFrontierMismatch(t, memberProof(t, aliceAccount, lie));
        // a kind-0 proof that claims "no recovery" for this leaf
        lie = initialConfig(alice, 0);
        _expectFrontierMismatch(t, memberProof(t, aliceAccount, lie));
    }

    // --------------------------------------------------------- owner key schemes

    /// @notice The three constant first steps of the owner key hash are compress(DOMAIN_KEY, scheme).
    function test_keyHashStartsAreTheFirstCompression() public pure {
        assertEq(KeystoreProofs.KEY_HASH_START_SECP256K1, Poseidon2.compress(4, 1), "secp256k1");
        assertEq(KeystoreProofs.KEY_HASH_START_P256, Poseidon2.compress(4, 2), "P-256");
        assertEq(KeystoreProofs.KEY_HASH_START_WEBAUTHN, Poseidon2.compress(4, 3), "WebAuthn");
    }

    /// @notice Fuzz: ownerKeyHash is KeystoreProtocol.keyHashOfScheme for every scheme and any point.
    function testFuzz_ownerKeyHashIsKeyHashOfScheme(uint256 x, uint256 y, uint8 scheme) public pure {
        scheme = uint8(bound(scheme, 1, 3));
        assertEq(KeystoreProofs.ownerKeyHash(scheme, x, y), KeystoreProtocol.keyHashOfScheme(scheme, x, y), "key hash");
    }

    /// @notice A passkey owner (WebAuthn, then raw P-256) is proven under its own scheme, member and
    ///         absent, and under no other: the same point as another scheme is another key hash.
    function test_aPasskeyOwnerIsProvenUnderItsSchemeOnly() public {
        for (uint8 scheme = 2; scheme <= 3; ++scheme) {
            Key memory owner = makePasskey(0xA11CE, scheme);
            Config memory c = initialConfig(owner, 0);
            uint256 account = uint160(keystoreAddressOf(SALT, c));
            TestTree.Tree memory t = TestTree.create(HEIGHT);
            t.insert(account - 1000, 11);
            bytes memory proof = absentProof(t, account, SALT, c);
            (uint256 x, uint256 y,,,) = verifier.verify(account, scheme, HEIGHT, t.frontier(), proof);
            assertEq(x, owner.x, "absent: x");
            assertEq(y, owner.y, "absent: y");
            for (uint256 other = 1; other <= 3; ++other) {
                if (other == scheme) continue;
                try verifier.verify(account, other, HEIGHT, t.frontier(), proof) {
                    fail("absent: another scheme accepted");
                } catch (bytes memory reason) {
                    assertEq(bytes4(reason), KeystoreProofs.InitialConfigMismatch.selector, "InitialConfigMismatch");
                }
            }
            c.nonce = 1;
            t.insert(account, configHashOf(c));
            proof = memberProof(t, account, c);
            (x,,,,) = verifier.verify(account, scheme, HEIGHT, t.frontier(), proof);
            assertEq(x, owner.x, "member: x");
            _expectFrontierMismatchFor(account, t, proof, scheme == 2 ? 3 : 2);
            _expectFrontierMismatchFor(account, t, proof, 1);
        }
    }

    /// @notice A scheme other than 1, 2 and 3 is refused before any hashing.
    function test_unknownOwnerSchemeIsRejected() public {
        TestTree.Tree memory t = _tree();
        bytes memory proof = absentProof(t, aliceAccount, SALT, aliceConfig);
        uint256 frontierNode = t.frontier();
        vm.expectRevert(abi.encodeWithSelector(KeystoreProofs.UnknownKeyScheme.selector, 0));
        verifier.verify(aliceAccount, 0, HEIGHT, frontierNode, proof);
        vm.expectRevert(abi.encodeWithSelector(KeystoreProofs.UnknownKeyScheme.selector, 4));
        verifier.verify(aliceAccount, 4, HEIGHT, frontierNode, proof);
    }

    /// @notice The Java reference's mixed-scheme account (test-vectors/keystore-state-v1.json): its
    ///         WebAuthn owner, with its guardian set and rules hash, is proven absent for the
    ///         Java-computed address under scheme 3.
    function test_theJavaMixedSchemeAccountIsProvenUnderSchemeThree() public {
        string memory json = readProjectFile(STATE_VECTORS);
        string memory a = ".passkeys.mixedAccount";
        string memory cp = string.concat(a, ".initialConfig");
        Key memory owner = makePasskey(0x0a11ce, 3);
        (uint256 x, uint256 y) = _point(vm.parseJsonBytes(json, string.concat(cp, ".owner.publicKey")));
        assertEq(x, owner.x, "owner x");
        Config memory c = initialConfig(owner, vm.parseJsonUint(json, string.concat(cp, ".spendingRulesHash")));
        c.guardianSetHash = vm.parseJsonUint(json, string.concat(cp, ".guardianSetHash"));
        uint256 account = uint160(vmx.parseJsonAddress(json, string.concat(a, ".address")));
        uint256 salt = vm.parseJsonUint(json, string.concat(a, ".salt"));
        TestTree.Tree memory t = TestTree.create(HEIGHT);
        t.insert(account - 1, 11);
        bytes memory proof = absentProof(t, account, salt, c);
        (uint256 px, uint256 py, uint256 rules,,) = verifier.verify(account, 3, HEIGHT, t.frontier(), proof);
        assertEq(px, x, "x");
        assertEq(py, y, "y");
        assertEq(rules, c.rulesHash, "rules hash");
    }

    function test_heightZeroFrontierIsTheLeafItself() public view {
        TestTree.Tree memory t = TestTree.create(0); // genesis: only the sentinel
        bytes memory proof = absentProof(t, aliceAccount, SALT, aliceConfig);
        (uint256 x,,,,) = verifier.verify(aliceAccount, 1, 0, t.frontier(), proof);
        assertEq(x, alice.x, "x");
    }

    function test_rejectsBadSibling() public {
        TestTree.Tree memory t = _tree();
        bytes memory proof = absentProof(t, aliceAccount, SALT, aliceConfig);
        proof[proof.length - 1] ^= 0x01;
        vm.expectRevert();
        verifier.verify(aliceAccount, 1, HEIGHT, t.frontier(), proof);
        _expectFrontierMismatch(t, proof);
    }

    function test_rejectsWrongLeafValue() public view {
        TestTree.Tree memory t = _tree();
        Config memory c = initialConfig(alice, 0);
        c.nonce = 1;
        t.insert(aliceAccount, configHashOf(c));
        c.nonce = 2; // the leaf commits to nonce 1
        _expectFrontierMismatch(t, memberProof(t, aliceAccount, c));
    }

    function test_rejectsWrongOwnerInMemberProof() public {
        TestTree.Tree memory t = _tree();
        Config memory c = initialConfig(alice, 0);
        t.insert(aliceAccount, configHashOf(c));
        c.owner = makeKey(0xBAD);
        _expectFrontierMismatch(t, memberProof(t, aliceAccount, c));
    }

    function test_rejectsWrongInitialConfig() public {
        TestTree.Tree memory t = _tree();
        Config memory wrong = initialConfig(makeKey(0xBAD), 0);
        bytes memory proof = absentProof(t, aliceAccount, SALT, wrong);
        uint256 derived = uint160(keystoreAddressOf(SALT, wrong));
        vm.expectRevert(abi.encodeWithSelector(KeystoreProofs.InitialConfigMismatch.selector, derived, aliceAccount));
        verifier.verify(aliceAccount, 1, HEIGHT, t.frontier(), proof);
        // Same owner, other rules hash: also another address.
        wrong = initialConfig(alice, 5);
        proof = absentProof(t, aliceAccount, SALT, wrong);
        vm.expectRevert();
        verifier.verify(aliceAccount, 1, HEIGHT, t.frontier(), proof);
    }

    function test_rejectsProofOfAnotherAccount() public {
        TestTree.Tree memory t = _tree();
        bytes memory proof = absentProof(t, aliceAccount, SALT, aliceConfig);
        uint256 other = aliceAccount + 1;
        uint256 low = t.leaves[t.lowIndex(aliceAccount)].key;
        // the low leaf still brackets `other`, but the initial config hashes to alice's address
        vm.expectRevert(abi.encodeWithSelector(KeystoreProofs.InitialConfigMismatch.selector, aliceAccount, other));
        verifier.verify(other, 1, HEIGHT, t.frontier(), proof);
        low;
        // a member proof of another key
        Config memory c = initialConfig(alice, 0);
        t.insert(aliceAccount, configHashOf(c));
        _expectFrontierMismatchFor(other, t, memberProof(t, aliceAccount, c));
    }

    function test_rejectsNonMembershipOfPresentAccount() public {
        TestTree.Tree memory t = _tree();
        t.insert(aliceAccount, configHashOf(aliceConfig));
        uint256 low = t.lowIndex(aliceAccount);
        bytes memory proof = absentProof(t, aliceAccount, SALT, aliceConfig);
        vm.expectRevert(
            abi.encodeWithSelector(KeystoreProofs.NotLowLeaf.selector, t.leaves[low].key, aliceAccount, aliceAccount)
        );
        verifier.verify(aliceAccount, 1, HEIGHT, t.frontier(), proof);
    }

    function test_rejectsLowLeafAboveAccount() public {
        TestTree.Tree memory t = _tree();
        uint256 above = t.indexOf(aliceAccount + 77);
        bytes memory proof = absentProof(t, aliceAccount, SALT, aliceConfig);
        // point the proof at the leaf above the account (its own path)
        TestTree.Leaf memory l = t.leaves[above];
        bytes memory forged = abi.encodePacked(
            uint8(1),
            uint32(above),
            abi.encodePacked(l.key, l.nextKey, l.value, SALT),
            abi.encodePacked(alice.x, alice.y, NO_GUARDIANS, uint256(0)),
            packSiblings(t.siblings(above))
        );
        vm.expectRevert(abi.encodeWithSelector(KeystoreProofs.NotLowLeaf.selector, l.key, l.nextKey, aliceAccount));
        verifier.verify(aliceAccount, 1, HEIGHT, t.frontier(), forged);
        proof;
    }

    function test_rejectsIndexOutsideFrontier() public {
        TestTree.Tree memory t = _tree();
        bytes memory proof = absentProof(t, aliceAccount, SALT, aliceConfig);
        proof[4] = bytes1(uint8(8)); // index 8 with height 3
        vm.expectRevert(abi.encodeWithSelector(KeystoreProofs.LeafIndexOutsideFrontier.selector, 8, HEIGHT));
        verifier.verify(aliceAccount, 1, HEIGHT, t.frontier(), proof);
    }

    function test_rejectsUnknownKindAndShortProofs() public {
        TestTree.Tree memory t = _tree();
        bytes memory proof = absentProof(t, aliceAccount, SALT, aliceConfig);
        proof[0] = bytes1(uint8(3));
        vm.expectRevert(abi.encodeWithSelector(KeystoreProofs.UnknownProofKind.selector, 3));
        verifier.verify(aliceAccount, 1, HEIGHT, t.frontier(), proof);
        vm.expectRevert(abi.encodeWithSelector(KeystoreProofs.ProofTooShort.selector, 4, 5));
        verifier.verify(aliceAccount, 1, HEIGHT, t.frontier(), hex"01000000");
        bytes memory full = absentProof(t, aliceAccount, SALT, aliceConfig);
        bytes memory cut = new bytes(full.length - 1);
        for (uint256 i; i < cut.length; ++i) {
            cut[i] = full[i];
        }
        vm.expectRevert(abi.encodeWithSelector(KeystoreProofs.ProofTooShort.selector, cut.length, full.length));
        verifier.verify(aliceAccount, 1, HEIGHT, t.frontier(), cut);
    }

    function test_rejectsFrontierHeightAboveDepth() public {
        vm.expectRevert(abi.encodeWithSelector(KeystoreProofs.FrontierHeightOutOfRange.selector, 33));
        verifier.verify(aliceAccount, 1, 33, 0, hex"00");
    }

    function test_rejectsNonCanonicalFieldElement() public {
        TestTree.Tree memory t = _tree();
        Config memory c = initialConfig(alice, 0);
        t.insert(aliceAccount, configHashOf(c));
        c.pendingUpdateHash = Poseidon2.P;
        vm.expectRevert(abi.encodeWithSelector(Poseidon2.NotAFieldElement.selector, Poseidon2.P));
        verifier.verify(aliceAccount, 1, HEIGHT, t.frontier(), memberProof(t, aliceAccount, c));
    }

    // ---------------------------------------------------------------------- fuzz

    /// @notice Changing any byte of a valid proof makes it fail.
    function testFuzz_anyByteChangeIsRejected(uint256 position, uint8 delta, bool member) public {
        TestTree.Tree memory t = _tree();
        bytes memory proof;
        if (member) {
            t.insert(aliceAccount, configHashOf(aliceConfig));
            proof = memberProof(t, aliceAccount, aliceConfig);
        } else {
            proof = absentProof(t, aliceAccount, SALT, aliceConfig);
        }
        position = bound(position, 0, proof.length - 1);
        delta = uint8(bound(delta, 1, 255));
        proof[position] = bytes1(uint8(proof[position]) ^ delta);
        uint256 frontierNode = t.frontier();
        vm.expectRevert();
        verifier.verify(aliceAccount, 1, HEIGHT, frontierNode, proof);
    }

    /// @notice Changing any byte of a valid kind-2 proof (or its kind byte to 0) makes it fail.
    function testFuzz_anyByteChangeOfAKind2ProofIsRejected(uint256 position, uint8 delta, uint64 executableAfter)
        public
    {
        Config memory c = withRecovery(initialConfig(alice, 0), makeKey(0xCA201), 0x11, executableAfter);
        TestTree.Tree memory t = _tree();
        t.insert(aliceAccount, configHashOf(c));
        bytes memory proof = memberProof(t, aliceAccount, c);
        position = bound(position, 0, proof.length - 1);
        delta = uint8(bound(delta, 1, 255));
        proof[position] = bytes1(uint8(proof[position]) ^ delta);
        uint256 frontierNode = t.frontier();
        vm.expectRevert();
        verifier.verify(aliceAccount, 1, HEIGHT, frontierNode, proof);
    }

    /// @notice Arbitrary bytes never prove a key.
    function testFuzz_randomProofIsRejected(bytes calldata proof, uint8 height) public {
        height = uint8(bound(height, 0, 32));
        uint256 frontierNode = uint256(keccak256(proof)) % Poseidon2.P;
        vm.expectRevert();
        verifier.verify(aliceAccount, 1, height, frontierNode, proof);
    }

    /// @notice Rule lists: decoding rejects every malformed encoding.
    function test_rulesDecodingRejections() public {
        vm.expectRevert(abi.encodeWithSelector(SpendingRules.BadRulesVersion.selector, 2));
        verifier.decodeRules(hex"0200");
        vm.expectRevert(abi.encodeWithSelector(SpendingRules.BadRulesEncoding.selector, 1));
        verifier.decodeRules(hex"01");
        vm.expectRevert(abi.encodeWithSelector(SpendingRules.BadRulesEncoding.selector, 3));
        verifier.decodeRules(hex"010000");
        vm.expectRevert(abi.encodeWithSelector(SpendingRules.ZeroPeriod.selector, address(0)));
        verifier.decodeRules(oneRule(address(0), 0, 1));
        vm.expectRevert(abi.encodeWithSelector(SpendingRules.LimitNotAFieldElement.selector, address(0)));
        verifier.decodeRules(oneRule(address(0), 1, Poseidon2.P));
        vm.expectRevert(abi.encodeWithSelector(SpendingRules.RulesNotSorted.selector, address(2), address(1)));
        verifier.decodeRules(twoRules(address(2), 1, 1, address(1), 1, 1));
        vm.expectRevert(abi.encodeWithSelector(SpendingRules.RulesNotSorted.selector, address(2), address(2)));
        verifier.decodeRules(twoRules(address(2), 1, 1, address(2), 1, 1));
        bytes memory nine = abi.encodePacked(uint8(1), uint8(9));
        for (uint256 i; i < 9; ++i) {
            nine = abi.encodePacked(nine, address(uint160(i + 1)), uint64(1), uint256(1));
        }
        vm.expectRevert(abi.encodeWithSelector(SpendingRules.BadRulesEncoding.selector, nine.length));
        verifier.decodeRules(nine);
        (SpendingRules.Rule[] memory none, uint256 h) = verifier.decodeRules(hex"0100");
        assertEq(none.length, 0, "empty list");
        assertEq(h, 0, "no rules hash to 0");
    }

    function _expectFrontierMismatch(TestTree.Tree memory t, bytes memory proof) internal view {
        _expectFrontierMismatchFor(aliceAccount, t, proof);
    }

    function _expectFrontierMismatchFor(uint256 account, TestTree.Tree memory t, bytes memory proof) internal view {
        _expectFrontierMismatchFor(account, t, proof, 1);
    }

    function _expectFrontierMismatchFor(uint256 account, TestTree.Tree memory t, bytes memory proof, uint256 scheme)
        internal
        view
    {
        uint256 frontierNode = t.frontier();
        try verifier.verify(account, scheme, HEIGHT, frontierNode, proof) {
            fail("proof accepted");
        } catch (bytes memory reason) {
            assertEq(bytes4(reason), KeystoreProofs.FrontierMismatch.selector, "FrontierMismatch");
        }
    }

    function _point(bytes memory pub) internal pure returns (uint256 x, uint256 y) {
        require(pub.length == 65 && pub[0] == 0x04, "uncompressed key");
        assembly {
            x := mload(add(pub, 33))
            y := mload(add(pub, 65))
        }
    }
}
