// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {PackedUserOperation} from "@account-abstraction/contracts/interfaces/PackedUserOperation.sol";
import {KeystoreAccount} from "../src/KeystoreAccount.sol";
import {KeystoreAccountFactory} from "../src/KeystoreAccountFactory.sol";
import {KeystoreAuth} from "../src/KeystoreAuth.sol";
import {KeystoreProofs} from "../src/KeystoreProofs.sol";
import {KeystoreProofVerifier} from "../src/KeystoreProofVerifier.sol";
import {IKeystoreRootOracle} from "../src/interfaces/IKeystoreRootOracle.sol";
import {AccountTestBase} from "./utils/AccountTestBase.sol";
import {TestTree} from "./utils/TestTree.sol";
import {TestToken} from "./utils/TestToken.sol";

/// @notice KeystoreAccount through the real EntryPoint v0.7 (handleOps).
contract KeystoreAccountTest is AccountTestBase {
    using TestTree for TestTree.Tree;

    uint256 internal constant SALT = 42;
    address internal constant RECIPIENT = address(0xCAFE);

    KeystoreAccountFactory internal factory;
    Key internal alice;
    Key internal bob;
    Config internal aliceInitial;
    address internal keystore; // alice's keystore address
    address payable internal sender; // her account on this chain
    bytes32 internal root0;
    TestToken internal token;

    function setUp() public {
        _setUpChain();
        factory = new KeystoreAccountFactory(address(ep), oracle, verifier, MAX_ROOT_AGE, ROOT_GRACE);
        alice = makeKey(0xA11CE);
        bob = makeKey(0xB0B);
        aliceInitial = initialConfig(alice, 0);
        keystore = keystoreAddressOf(SALT, aliceInitial);
        sender = payable(factory.getAddress(keystore));
        vmx.deal(sender, 10 ether);
        root0 = _record(_baseTree(), START - 60);
        token = new TestToken();
    }

    // ------------------------------------------------------------------ helpers

    function _initCode(address ks) internal view returns (bytes memory) {
        return abi.encodePacked(address(factory), abi.encodeCall(KeystoreAccountFactory.createAccount, (ks)));
    }

    function _send(uint256 value) internal pure returns (bytes memory) {
        return abi.encodeCall(KeystoreAccount.execute, (RECIPIENT, value, ""));
    }

    function _op(bytes memory callData) internal view returns (PackedUserOperation memory op) {
        bytes memory initCode = sender.code.length == 0 ? _initCode(keystore) : bytes("");
        op = userOp(sender, ep.getNonce(sender, 0), initCode, callData);
    }

    /// @dev alice's first operation: counterfactual account, non-membership proof against root0.
    function _firstOp(uint256 value) internal view returns (PackedUserOperation memory op) {
        op = _op(_send(value));
        bytes memory proof = absentProof(_baseTree(), uint160(keystore), SALT, aliceInitial);
        op.signature = proofSignature(root0, _sign(op, alice.pk), proof, "");
    }

    function _deployed() internal {
        (bool ok,) = _handle(_firstOp(0.1 ether));
        assertTrue(ok, "first op executed");
    }

    /// @dev The tree after alice's keystore account rotated its owner key to `owner`.
    function _rotatedTree(Config memory c) internal view returns (TestTree.Tree memory t, bytes32) {
        t = _baseTree();
        t.insert(uint160(keystore), configHashOf(c));
        return (t, bytes32(0));
    }

    function _rotated(Key memory owner) internal pure returns (Config memory c) {
        c = initialConfig(owner, 0);
        c.nonce = 1;
    }

    // ------------------------------------------------------------- happy paths

    function test_counterfactualAccountAcceptsInitialKeyWithNonMembershipProof() public {
        assertEq(sender.code.length, 0, "not deployed yet");
        (bool ok,) = _handle(_firstOp(1 ether));
        assertTrue(ok, "executed");
        assertTrue(sender.code.length > 0, "deployed by initCode");
        assertEq(RECIPIENT.balance, 1 ether, "recipient paid");
        (address signer, uint48 l1Time, uint48 rulesId) =
            KeystoreAccount(sender).cachedKey(sender, uint160(keystore), root0);
        assertEq(signer, alice.addr, "cached signer");
        assertEq(l1Time, START - 60, "cached root time");
        assertEq(rulesId, 0, "no rules");
    }

    function test_secondOperationWithSameRootSendsNoProof() public {
        _deployed();
        PackedUserOperation memory op = _op(_send(0.2 ether));
        op.signature = cachedSignature(root0, _sign(op, alice.pk));
        assertEq(op.signature.length, 98, "cached signature is 98 bytes");
        (bool ok,) = _handle(op);
        assertTrue(ok, "executed");
        assertEq(RECIPIENT.balance, 0.3 ether, "both payments");
    }

    function test_proofWithoutCachingLeavesNoCachedKey() public {
        _deployed();
        TestTree.Tree memory t = _baseTree();
        t.insert(5, 0x555);
        bytes32 root2 = _record(t, START);
        bytes memory proof = absentProof(t, uint160(keystore), SALT, aliceInitial);
        PackedUserOperation memory op = _op(_send(0.2 ether));
        op.signature = uncachedProofSignature(root2, _sign(op, alice.pk), proof, "");
        (bool ok,) = _handle(op);
        assertTrue(ok, "mode 1 executed");
        (address signer,,) = KeystoreAccount(sender).cachedKey(sender, uint160(keystore), root2);
        assertEq(signer, address(0), "nothing cached");
        op = _op(_send(0.2 ether));
        op.signature = cachedSignature(root2, _sign(op, alice.pk));
        _expectFailedOpWithRevert(abi.encodeWithSelector(KeystoreAuth.KeyNotCached.selector, root2));
        _handleExpectingRevert(op);
    }

    function test_afterKeyRotationNewKeyIsAcceptedAndOldRejected() public {
        _deployed();
        Config memory c = _rotated(bob);
        (TestTree.Tree memory t,) = _rotatedTree(c);
        bytes32 root1 = _record(t, START);
        bytes memory proof = memberProof(t, uint160(keystore), c);

        PackedUserOperation memory op = _op(_send(0.5 ether));
        op.signature = proofSignature(root1, _sign(op, alice.pk), proof, "");
        _expectFailedOp("AA24 signature error");
        _handleExpectingRevert(op);

        op.signature = proofSignature(root1, _sign(op, bob.pk), proof, "");
        (bool ok,) = _handle(op);
        assertTrue(ok, "bob's op executed");
        assertEq(RECIPIENT.balance, 0.6 ether, "paid");

        // alice's key stays usable with the old root only while that root is fresh.
        vm.warp(START - 60 + MAX_ROOT_AGE + 1);
        op = _op(_send(0.5 ether));
        op.signature = cachedSignature(root0, _sign(op, alice.pk));
        _expectFailedOp("AA22 expired or not due");
        _handleExpectingRevert(op);
    }

    // ---------------------------------------------------------------- freshness

    function test_staleRootIsRejected() public {
        vm.warp(START - 60 + MAX_ROOT_AGE + 1);
        PackedUserOperation memory op = _firstOp(1 ether);
        _expectFailedOp("AA22 expired or not due");
        _handleExpectingRevert(op);
    }

    function test_rootIsAcceptedUntilTheEndOfItsWindow() public {
        vm.warp(START - 60 + MAX_ROOT_AGE);
        (bool ok,) = _handle(_firstOp(1 ether));
        assertTrue(ok, "last second of the window");
    }

    function test_validationDataCarriesValidUntil() public {
        _deployed();
        PackedUserOperation memory op = _op(_send(1));
        bytes32 h = ep.getUserOpHash(op);
        op.signature = cachedSignature(root0, ecdsa(alice.pk, ethSigned(h)));
        vm.prank(address(ep));
        uint256 data = KeystoreAccount(sender).validateUserOp(op, h, 0);
        assertEq(uint160(data), 0, "authorizer: valid");
        assertEq(uint48(data >> 160), START - 60 + MAX_ROOT_AGE, "validUntil");
        assertEq(data >> 208, 0, "validAfter");
    }

    // ----------------------------------------------------------------- rejections

    function test_unknownRootIsRejected() public {
        PackedUserOperation memory op = _op(_send(1 ether));
        bytes32 unknown = keccak256("no such root");
        bytes memory proof = absentProof(_baseTree(), uint160(keystore), SALT, aliceInitial);
        op.signature = proofSignature(unknown, _sign(op, alice.pk), proof, "");
        _expectFailedOpWithRevert(abi.encodeWithSelector(KeystoreAuth.UnknownRoot.selector, unknown));
        _handleExpectingRevert(op);
    }

    function test_forgedProofWithBadSiblingIsRejected() public {
        PackedUserOperation memory op = _op(_send(1 ether));
        bytes memory proof = absentProof(_baseTree(), uint160(keystore), SALT, aliceInitial);
        proof[proof.length - 5] ^= 0x10;
        op.signature = proofSignature(root0, _sign(op, alice.pk), proof, "");
        _handleExpectingAA23(op, KeystoreProofs.FrontierMismatch.selector);
    }

    function test_forgedProofWithWrongLeafIsRejected() public {
        _deployed();
        Config memory c = _rotated(bob);
        (TestTree.Tree memory t,) = _rotatedTree(c);
        bytes32 root1 = _record(t, START);
        c.owner = alice; // claims the leaf still holds alice's key
        PackedUserOperation memory op = _op(_send(1 ether));
        op.signature = proofSignature(root1, _sign(op, alice.pk), memberProof(t, uint160(keystore), c), "");
        _handleExpectingAA23(op, KeystoreProofs.FrontierMismatch.selector);
        assertEq(RECIPIENT.balance, 0.1 ether, "nothing sent");
    }

    function test_forgedInitialConfigIsRejected() public {
        PackedUserOperation memory op = _op(_send(1 ether));
        Config memory forged = initialConfig(bob, 0);
        bytes memory proof = absentProof(_baseTree(), uint160(keystore), SALT, forged);
        op.signature = proofSignature(root0, _sign(op, bob.pk), proof, "");
        _expectFailedOpWithRevert(
            abi.encodeWithSelector(
                KeystoreProofs.InitialConfigMismatch.selector,
                uint160(keystoreAddressOf(SALT, forged)),
                uint160(keystore)
            )
        );
        _handleExpectingRevert(op);
    }

    function test_proofOfAnotherKeystoreAccountIsRejected() public {
        // bob's own (absent) keystore account, proven correctly, used on alice's account
        Config memory bobs = initialConfig(bob, 0);
        address bobKeystore = keystoreAddressOf(SALT, bobs);
        PackedUserOperation memory op = _op(_send(1 ether));
        bytes memory proof = absentProof(_baseTree(), uint160(bobKeystore), SALT, bobs);
        op.signature = proofSignature(root0, _sign(op, bob.pk), proof, "");
        // bob's low leaf brackets alice's address too, but bob's config hashes to bob's address
        _handleExpectingAA23(op, KeystoreProofs.InitialConfigMismatch.selector);
    }

    function test_replayedOperationIsRejected() public {
        PackedUserOperation memory op = _firstOp(1 ether);
        (bool ok,) = _handle(op);
        assertTrue(ok, "first time");
        op.initCode = ""; // (with initCode it would fail as AA10 sender already constructed)
        _expectFailedOp("AA25 invalid account nonce");
        _handleExpectingRevert(op);
        assertEq(RECIPIENT.balance, 1 ether, "paid once");
    }

    function test_signatureByAnotherKeyIsRejected() public {
        PackedUserOperation memory op = _op(_send(1 ether));
        bytes memory proof = absentProof(_baseTree(), uint160(keystore), SALT, aliceInitial);
        op.signature = proofSignature(root0, _sign(op, bob.pk), proof, "");
        _expectFailedOp("AA24 signature error");
        _handleExpectingRevert(op);
    }

    function test_signatureOverAnotherOperationIsRejected() public {
        _deployed();
        PackedUserOperation memory op = _op(_send(1 ether));
        PackedUserOperation memory other = _op(_send(2 ether));
        op.signature = cachedSignature(root0, _sign(other, alice.pk));
        _expectFailedOp("AA24 signature error");
        _handleExpectingRevert(op);
    }

    function test_highSSignatureIsRejected() public {
        _deployed();
        PackedUserOperation memory op = _op(_send(1 ether));
        op.signature = cachedSignature(root0, _highS(_sign(op, alice.pk)));
        _expectFailedOp("AA24 signature error");
        _handleExpectingRevert(op);
        op.signature = cachedSignature(root0, _sign(op, alice.pk));
        (bool ok,) = _handle(op);
        assertTrue(ok, "the low-s form is accepted");
    }

    function test_cachedModeWithoutCachedKeyIsRejected() public {
        _deployed();
        bytes32 root1 = _record(_baseTree().copy(), START); // same tree, recorded again: same root
        assertEq(root1, root0, "same tree, same root");
        TestTree.Tree memory t = _baseTree();
        t.insert(5, 0x555);
        bytes32 root2 = _record(t, START);
        PackedUserOperation memory op = _op(_send(1 ether));
        op.signature = cachedSignature(root2, _sign(op, alice.pk));
        _expectFailedOpWithRevert(abi.encodeWithSelector(KeystoreAuth.KeyNotCached.selector, root2));
        _handleExpectingRevert(op);
    }

    function test_malformedSignaturesAreRejected() public {
        _deployed();
        PackedUserOperation memory op = _op(_send(1 ether));
        op.signature = abi.encodePacked(uint8(3), root0, _sign(op, alice.pk));
        _expectFailedOpWithRevert(abi.encodeWithSelector(KeystoreAuth.UnknownSignatureMode.selector, 3));
        _handleExpectingRevert(op);
        op.signature = hex"00";
        _expectFailedOpWithRevert(abi.encodeWithSelector(KeystoreAuth.SignatureTooShort.selector, 1));
        _handleExpectingRevert(op);
        op.signature = abi.encodePacked(cachedSignature(root0, _sign(op, alice.pk)), uint8(0));
        _expectFailedOpWithRevert(abi.encodeWithSelector(KeystoreAuth.SignatureTooLong.selector, 99));
        _handleExpectingRevert(op);
    }

    /// @notice Fuzz: flipping any byte of the proof part of a valid signature never validates.
    function testFuzz_corruptedProofNeverValidates(uint256 position, uint8 delta) public {
        PackedUserOperation memory op = _firstOp(1 ether);
        position = bound(position, 98, op.signature.length - 1);
        delta = uint8(bound(delta, 1, 255));
        op.signature[position] = bytes1(uint8(op.signature[position]) ^ delta);
        vm.expectRevert();
        _handleExpectingRevert(op);
    }

    function test_onlyTheEntryPointCallsTheAccount() public {
        _deployed();
        KeystoreAccount account = KeystoreAccount(sender);
        PackedUserOperation memory op = _op(_send(1));
        vm.expectRevert(abi.encodeWithSelector(KeystoreAccount.NotEntryPoint.selector, address(this)));
        account.validateUserOp(op, bytes32(0), 0);
        vm.expectRevert(abi.encodeWithSelector(KeystoreAccount.NotEntryPoint.selector, address(this)));
        account.execute(RECIPIENT, 1, "");
        vm.expectRevert(abi.encodeWithSelector(KeystoreAccount.NotEntryPoint.selector, address(this)));
        account.executeBatch(new KeystoreAccount.Call[](0));
    }

    // ------------------------------------------------------------ spending rules

    /// @dev alice2: a keystore account whose initial configuration has spending rules.
    function _rulesAccount(bytes memory rules) internal returns (address payable account, bytes32 root) {
        (, uint256 rulesHash) = verifier.decodeRules(rules);
        Config memory c = initialConfig(alice, rulesHash);
        address ks = keystoreAddressOf(SALT + 1, c);
        account = payable(factory.getAddress(ks));
        vmx.deal(account, 10 ether);
        token.mint(account, 1000);
        root = root0;
        PackedUserOperation memory op =
            userOp(account, 0, _initCode(ks), abi.encodeCall(KeystoreAccount.execute, (RECIPIENT, 0, "")));
        bytes memory proof = absentProof(_baseTree(), uint160(ks), SALT + 1, c);
        op.signature = proofSignature(root, _sign(op, alice.pk), proof, rules);
        (bool ok,) = _handle(op);
        assertTrue(ok, "rules account deployed");
        assertTrue(KeystoreAccount(account).activeSpendingRules(account) != 0, "rules active");
    }

    function _opFor(address payable account, bytes memory callData) internal returns (bool ok, bytes memory reason) {
        PackedUserOperation memory op = userOp(account, ep.getNonce(account, 0), "", callData);
        op.signature = cachedSignature(root0, _sign(op, alice.pk));
        return _handle(op);
    }

    function test_ethSpendingLimitIsEnforcedPerPeriod() public {
        (address payable account,) = _rulesAccount(oneRule(address(0), 1 days, 1 ether));
        (bool ok,) = _opFor(account, abi.encodeCall(KeystoreAccount.execute, (RECIPIENT, 0.6 ether, "")));
        assertTrue(ok, "0.6 ether within the limit");
        bytes memory reason;
        (ok, reason) = _opFor(account, abi.encodeCall(KeystoreAccount.execute, (RECIPIENT, 0.6 ether, "")));
        assertFalse(ok, "1.2 ether in the day exceeds the limit");
        assertEq(
            reason,
            abi.encodeWithSelector(KeystoreAuth.SpendingLimitExceeded.selector, address(0), 1.2 ether, 1 ether),
            "revert reason"
        );
        assertEq(RECIPIENT.balance, 0.6 ether, "only the first payment");
        // batches count every call
        KeystoreAccount.Call[] memory calls = new KeystoreAccount.Call[](2);
        calls[0] = KeystoreAccount.Call(RECIPIENT, 0.3 ether, "");
        calls[1] = KeystoreAccount.Call(RECIPIENT, 0.3 ether, "");
        (ok,) = _opFor(account, abi.encodeCall(KeystoreAccount.executeBatch, (calls)));
        assertFalse(ok, "batch over the limit");
        // a new window starts the count again (direct call: the root's window is shorter than a day)
        vm.warp((uint256(START) / 1 days + 1) * 1 days);
        vm.prank(address(ep));
        KeystoreAccount(account).execute(RECIPIENT, 1 ether, "");
        (uint256 amount,) = KeystoreAccount(account).spent(account, address(0));
        assertEq(amount, 1 ether, "new window");
        vm.prank(address(ep));
        vm.expectRevert(
            abi.encodeWithSelector(KeystoreAuth.SpendingLimitExceeded.selector, address(0), 1 ether + 1, 1 ether)
        );
        KeystoreAccount(account).execute(RECIPIENT, 1, "");
    }

    function test_erc20TransferAndApproveLimitIsEnforced() public {
        (address payable account,) = _rulesAccount(oneRule(address(token), 1 days, 100));
        KeystoreAccount a = KeystoreAccount(account);
        vm.startPrank(address(ep));
        a.execute(address(token), 0, abi.encodeCall(TestToken.transfer, (RECIPIENT, 60)));
        a.execute(address(token), 0, abi.encodeCall(TestToken.approve, (RECIPIENT, 40)));
        vm.expectRevert(abi.encodeWithSelector(KeystoreAuth.SpendingLimitExceeded.selector, address(token), 101, 100));
        a.execute(address(token), 0, abi.encodeCall(TestToken.transfer, (RECIPIENT, 1)));
        vm.expectRevert(
            abi.encodeWithSelector(
                KeystoreAuth.UnsupportedTokenCall.selector, address(token), TestToken.transferFrom.selector
            )
        );
        a.execute(address(token), 0, abi.encodeCall(TestToken.transferFrom, (account, RECIPIENT, 1)));
        // ETH is not limited by a token-only rule
        a.execute(RECIPIENT, 5 ether, "");
        vm.stopPrank();
        assertEq(token.balanceOf(RECIPIENT), 60, "transferred");
        // through the EntryPoint: the op executes and reverts inside
        (bool ok, bytes memory reason) = _opFor(
            account,
            abi.encodeCall(
                KeystoreAccount.execute, (address(token), 0, abi.encodeCall(TestToken.transfer, (RECIPIENT, 1)))
            )
        );
        assertFalse(ok, "over the token limit");
        assertEq(
            reason,
            abi.encodeWithSelector(KeystoreAuth.SpendingLimitExceeded.selector, address(token), 101, 100),
            "reason"
        );
    }

    function test_withdrawingTheEntryPointDepositCountsAsEth() public {
        (address payable account,) = _rulesAccount(oneRule(address(0), 1 days, 1 ether));
        ep.depositTo{value: 3 ether}(account);
        vm.startPrank(address(ep));
        bytes memory withdraw =
            abi.encodeWithSelector(bytes4(keccak256("withdrawTo(address,uint256)")), RECIPIENT, 0.7 ether);
        KeystoreAccount(account).execute(address(ep), 0, withdraw);
        withdraw = abi.encodeWithSelector(bytes4(keccak256("withdrawTo(address,uint256)")), RECIPIENT, 0.7 ether);
        vm.expectRevert(
            abi.encodeWithSelector(KeystoreAuth.SpendingLimitExceeded.selector, address(0), 1.4 ether, 1 ether)
        );
        KeystoreAccount(account).execute(address(ep), 0, withdraw);
        vm.stopPrank();
        assertEq(RECIPIENT.balance, 0.7 ether, "one withdrawal");
    }

    function test_rulesMustComeWithTheProofAndMatchTheHash() public {
        bytes memory rules = oneRule(address(0), 1 days, 1 ether);
        (, uint256 rulesHash) = verifier.decodeRules(rules);
        Config memory c = initialConfig(alice, rulesHash);
        address ks = keystoreAddressOf(SALT + 1, c);
        address payable account = payable(factory.getAddress(ks));
        vmx.deal(account, 1 ether);
        PackedUserOperation memory op =
            userOp(account, 0, _initCode(ks), abi.encodeCall(KeystoreAccount.execute, (RECIPIENT, 0, "")));
        bytes memory proof = absentProof(_baseTree(), uint160(ks), SALT + 1, c);
        op.signature = proofSignature(root0, _sign(op, alice.pk), proof, "");
        _expectFailedOpWithRevert(abi.encodeWithSelector(KeystoreAuth.SpendingRulesRequired.selector, rulesHash));
        _handleExpectingRevert(op);
        bytes memory other = oneRule(address(0), 1 days, 2 ether);
        (, uint256 otherHash) = verifier.decodeRules(other);
        op.signature = proofSignature(root0, _sign(op, alice.pk), proof, other);
        _expectFailedOpWithRevert(
            abi.encodeWithSelector(KeystoreAuth.SpendingRulesMismatch.selector, otherHash, rulesHash)
        );
        _handleExpectingRevert(op);
    }

    function test_noRulesMeansNoLimits() public {
        _deployed();
        vm.prank(address(ep));
        KeystoreAccount(sender).execute(RECIPIENT, 9 ether, "");
        assertEq(RECIPIENT.balance, 9.1 ether, "unlimited");
    }

    // --------------------------------------------------------------- EIP-1271

    function test_eip1271AcceptsTheOwnerKeyWithProofAndCached() public {
        _deployed();
        bytes32 hash = keccak256("message");
        bytes memory sig65 = ecdsa(alice.pk, messageDigest(sender, hash));
        bytes memory proof = absentProof(_baseTree(), uint160(keystore), SALT, aliceInitial);
        KeystoreAccount a = KeystoreAccount(sender);
        assertEq(a.isValidSignature(hash, proofSignature(root0, sig65, proof, "")), bytes4(0x1626ba7e), "with proof");
        assertEq(a.isValidSignature(hash, cachedSignature(root0, sig65)), bytes4(0x1626ba7e), "cached");
    }

    function test_eip1271RejectsWrongKeyWrongMessageAndStaleRoot() public {
        _deployed();
        bytes32 hash = keccak256("message");
        KeystoreAccount a = KeystoreAccount(sender);
        assertEq(
            a.isValidSignature(hash, cachedSignature(root0, ecdsa(bob.pk, messageDigest(sender, hash)))),
            bytes4(0xffffffff),
            "bob"
        );
        assertEq(
            a.isValidSignature(
                keccak256("other"), cachedSignature(root0, ecdsa(alice.pk, messageDigest(sender, hash)))
            ),
            bytes4(0xffffffff),
            "other message"
        );
        assertEq(
            a.isValidSignature(hash, cachedSignature(root0, ecdsa(alice.pk, hash))),
            bytes4(0xffffffff),
            "raw hash, not the typed digest"
        );
        assertEq(
            a.isValidSignature(hash, cachedSignature(keccak256("x"), ecdsa(alice.pk, messageDigest(sender, hash)))),
            bytes4(0xffffffff),
            "uncached root"
        );
        vm.warp(START - 60 + MAX_ROOT_AGE + 1);
        assertEq(
            a.isValidSignature(hash, cachedSignature(root0, ecdsa(alice.pk, messageDigest(sender, hash)))),
            bytes4(0xffffffff),
            "stale root"
        );
    }

    // ------------------------------------------------------ pending recovery (freeze)

    uint64 internal constant EXECUTABLE_AFTER = START + 7 days;

    /// @dev alice's leaf with a pending recovery to carol (votes, executableAfter), recorded at START.
    function _recoveryRoot(uint256 votes, uint64 executableAfter)
        internal
        returns (bytes32 root, TestTree.Tree memory t, Config memory c)
    {
        c = withRecovery(_rotated(alice), makeKey(0xCA201), votes, executableAfter);
        (t,) = _rotatedTree(c);
        root = _record(t, START);
    }

    /// @notice A kind-0 proof of a leaf whose pending recovery is hidden behind its hash is refused.
    function test_kind0ProofHidingAPendingRecoveryIsRejected() public {
        _deployed();
        (bytes32 root, TestTree.Tree memory t, Config memory c) = _recoveryRoot(0x01, EXECUTABLE_AFTER);
        c.recoveryOpened = false;
        PackedUserOperation memory op = _op(_send(0.1 ether));
        op.signature = proofSignature(root, _sign(op, alice.pk), memberProof(t, uint160(keystore), c), "");
        _expectFailedOpWithRevert(abi.encodeWithSelector(KeystoreProofs.PendingRecoveryNotOpened.selector));
        _handleExpectingRevert(op);
    }

    /// @notice Under its threshold (executableAfter 0) a pending recovery leaves the owner key
    ///         working, with and without caching.
    function test_recoveryUnderItsThresholdLeavesTheKeyWorking() public {
        _deployed();
        (bytes32 root, TestTree.Tree memory t, Config memory c) = _recoveryRoot(0x01, 0);
        PackedUserOperation memory op = _op(_send(0.1 ether));
        op.signature = proofSignature(root, _sign(op, alice.pk), memberProof(t, uint160(keystore), c), "");
        (bool ok,) = _handle(op);
        assertTrue(ok, "kind 2 under the threshold");
        op = _op(_send(0.1 ether));
        op.signature = cachedSignature(root, _sign(op, alice.pk));
        (ok,) = _handle(op);
        assertTrue(ok, "cached from the kind-2 proof");
    }

    /// @notice At its threshold (executableAfter != 0) the account is frozen: every operation of
    ///         the owner key, spending or not, in mode 1 and 2, reverts RecoveryInProgress, and
    ///         nothing is cached.
    function test_frozenAccountRefusesEveryOperation() public {
        _deployed();
        (bytes32 root, TestTree.Tree memory t, Config memory c) = _recoveryRoot(0x03 + 16 * 0x04, EXECUTABLE_AFTER);
        bytes memory proof = memberProof(t, uint160(keystore), c);
        bytes[2] memory calls =
            [_send(0.1 ether), abi.encodeCall(KeystoreAccount.executeBatch, (new KeystoreAccount.Call[](0)))];
        for (uint256 i; i < calls.length; ++i) {
            PackedUserOperation memory op = _op(calls[i]);
            op.signature = proofSignature(root, _sign(op, alice.pk), proof, "");
            _expectFailedOpWithRevert(
                abi.encodeWithSelector(KeystoreAuth.RecoveryInProgress.selector, EXECUTABLE_AFTER)
            );
            _handleExpectingRevert(op);
            op.signature = uncachedProofSignature(root, _sign(op, alice.pk), proof, "");
            _expectFailedOpWithRevert(
                abi.encodeWithSelector(KeystoreAuth.RecoveryInProgress.selector, EXECUTABLE_AFTER)
            );
            _handleExpectingRevert(op);
        }
        (address signer,,) = KeystoreAccount(sender).cachedKey(sender, uint160(keystore), root);
        assertEq(signer, address(0), "nothing cached");
    }

    /// @notice EIP-1271 of a frozen account: 0xffffffff; under the threshold: valid.
    function test_eip1271RefusesAFrozenAccount() public {
        _deployed();
        bytes32 hash = keccak256("message");
        bytes memory sig65 = ecdsa(alice.pk, messageDigest(sender, hash));
        (bytes32 root, TestTree.Tree memory t, Config memory c) = _recoveryRoot(0x01, EXECUTABLE_AFTER);
        KeystoreAccount a = KeystoreAccount(sender);
        bytes memory proof = memberProof(t, uint160(keystore), c);
        assertEq(a.isValidSignature(hash, proofSignature(root, sig65, proof, "")), bytes4(0xffffffff), "frozen");
        (root, t, c) = _recoveryRoot(0x01, 0);
        proof = memberProof(t, uint160(keystore), c);
        assertEq(a.isValidSignature(hash, proofSignature(root, sig65, proof, "")), bytes4(0x1626ba7e), "not frozen");
    }

    // ------------------------------------------------------- superseded root (grace)

    /// @dev Deploys (caching alice's key for root0), then at START + 10 a new root supersedes root0.
    function _supersedeRoot0() internal returns (bytes32 root1, uint64 graceEnd) {
        _deployed();
        vm.warp(START + 10);
        TestTree.Tree memory t = _baseTree();
        t.insert(5, 0x555);
        root1 = _record(t, START + 5);
        (, uint64 supersededAt) = oracle.rootStatus(root0);
        assertEq(supersededAt, START + 10, "root0 superseded");
        graceEnd = START + 10 + ROOT_GRACE;
    }

    /// @dev The three modes' signatures for root0 of an op.
    function _root0Signatures(PackedUserOperation memory op) internal view returns (bytes[3] memory sigs) {
        bytes memory proof = absentProof(_baseTree(), uint160(keystore), SALT, aliceInitial);
        bytes memory sig65 = _sign(op, alice.pk);
        sigs[0] = cachedSignature(root0, sig65);
        sigs[1] = uncachedProofSignature(root0, sig65, proof, "");
        sigs[2] = proofSignature(root0, sig65, proof, "");
    }

    /// @notice A superseded root is accepted to the end of its grace, in every mode, and
    ///         validationData says so.
    function test_supersededRootIsAcceptedUntilTheEndOfItsGrace() public {
        (, uint64 graceEnd) = _supersedeRoot0();
        vm.warp(graceEnd);
        for (uint256 mode; mode < 3; ++mode) {
            PackedUserOperation memory op = _op(_send(1));
            op.signature = _root0Signatures(op)[mode];
            bytes32 h = ep.getUserOpHash(op);
            vm.prank(address(ep));
            uint256 data = KeystoreAccount(sender).validateUserOp(op, h, 0);
            assertEq(uint160(data), 0, "valid");
            assertEq(uint48(data >> 160), graceEnd, "validUntil = supersededAt + grace");
            (bool ok,) = _handle(op);
            assertTrue(ok, "last second of the grace");
        }
    }

    /// @notice After the grace, a superseded root is refused in every mode (cached too), long
    ///         before its maxRootAge window ends.
    function test_supersededRootIsRejectedAfterItsGrace() public {
        (, uint64 graceEnd) = _supersedeRoot0();
        vm.warp(graceEnd + 1);
        assertTrue(graceEnd + 1 < START - 60 + MAX_ROOT_AGE, "inside the root's age window");
        for (uint256 mode; mode < 3; ++mode) {
            PackedUserOperation memory op = _op(_send(1));
            op.signature = _root0Signatures(op)[mode];
            _expectFailedOp("AA22 expired or not due");
            _handleExpectingRevert(op);
        }
    }

    /// @notice EIP-1271 with a superseded root: valid inside the grace, invalid after it
    ///         (cached and with a proof).
    function test_eip1271RefusesASupersededRootAfterItsGrace() public {
        (, uint64 graceEnd) = _supersedeRoot0();
        bytes32 hash = keccak256("message");
        bytes memory sig65 = ecdsa(alice.pk, messageDigest(sender, hash));
        bytes memory proof = absentProof(_baseTree(), uint160(keystore), SALT, aliceInitial);
        KeystoreAccount a = KeystoreAccount(sender);
        vm.warp(graceEnd);
        assertEq(a.isValidSignature(hash, cachedSignature(root0, sig65)), bytes4(0x1626ba7e), "cached, in grace");
        assertEq(a.isValidSignature(hash, proofSignature(root0, sig65, proof, "")), bytes4(0x1626ba7e), "proof");
        vm.warp(graceEnd + 1);
        assertEq(a.isValidSignature(hash, cachedSignature(root0, sig65)), bytes4(0xffffffff), "cached, after");
        assertEq(a.isValidSignature(hash, proofSignature(root0, sig65, proof, "")), bytes4(0xffffffff), "proof");
    }

    /// @notice A known root synced again while it is the latest is not superseded: its window
    ///         moves with its later L1 time, with no grace limit (cached mode reads the oracle).
    function test_resyncedRootIsNotSuperseded() public {
        _deployed();
        vm.warp(START + 1000);
        assertEq(_record(_baseTree(), START + 900), root0, "same root");
        (uint64 l1Time, uint64 supersededAt) = oracle.rootStatus(root0);
        assertEq(l1Time, START + 900, "later L1 time");
        assertEq(supersededAt, 0, "not superseded");
        vm.warp(START - 60 + MAX_ROOT_AGE + 1); // past the first sync's window
        PackedUserOperation memory op = _op(_send(1));
        op.signature = cachedSignature(root0, _sign(op, alice.pk));
        bytes32 h = ep.getUserOpHash(op);
        vm.prank(address(ep));
        uint256 data = KeystoreAccount(sender).validateUserOp(op, h, 0);
        assertEq(uint48(data >> 160), START + 900 + MAX_ROOT_AGE, "validUntil of the resync");
        (bool ok,) = _handle(op);
        assertTrue(ok, "cached key of the resynced root");
    }

    /// @notice validUntil = min(l1Time + maxRootAge, supersededAt + rootGrace) for any timing.
    function testFuzz_validUntilIsTheEarlierOfAgeAndGrace(uint32 age, uint32 supersedeAfter) public {
        _deployed();
        uint64 l1Time = uint64(START - bound(age, 0, 2 * MAX_ROOT_AGE));
        uint64 supersededAt = uint64(START + 1 + bound(supersedeAfter, 0, 2 * MAX_ROOT_AGE));
        bytes32 root = _record(_baseTree(), l1Time); // root0 again, at another L1 time
        vm.warp(supersededAt);
        TestTree.Tree memory t = _baseTree();
        t.insert(5, 0x555);
        _record(t, supersededAt);
        PackedUserOperation memory op = _op(_send(1));
        op.signature = cachedSignature(root, _sign(op, alice.pk));
        bytes32 h = ep.getUserOpHash(op);
        vm.prank(address(ep));
        uint256 data = KeystoreAccount(sender).validateUserOp(op, h, 0);
        uint256 expected = l1Time + MAX_ROOT_AGE;
        if (supersededAt + ROOT_GRACE < expected) expected = supersededAt + ROOT_GRACE;
        assertEq(uint48(data >> 160), expected, "validUntil");
    }

    // ---------------------------------------------------------------- factory

    function test_factoryAddressDependsOnlyOnKeystoreAddressAndSettings() public {
        assertEq(factory.getAddress(keystore), sender, "predicted");
        KeystoreAccount created = factory.createAccount(keystore);
        assertEq(address(created), sender, "created at the predicted address");
        assertEq(address(factory.createAccount(keystore)), sender, "idempotent");
        assertEq(created.KEYSTORE_ADDRESS(), keystore, "keystore address");
        // A second factory with the same settings at the same address on another chain gives the
        // same account: deploy both factories through the CREATE2 deployer and compare.
        bytes memory init = abi.encodePacked(
            type(KeystoreAccountFactory).creationCode,
            abi.encode(address(ep), oracle, verifier, MAX_ROOT_AGE, ROOT_GRACE)
        );
        (bool ok, bytes memory out) = CREATE2_DEPLOYER.call(abi.encodePacked(bytes32(0), init));
        assertTrue(ok, "factory through the CREATE2 deployer");
        address f = address(bytes20(out));
        assertEq(
            f,
            address(
                uint160(
                    uint256(keccak256(abi.encodePacked(bytes1(0xff), CREATE2_DEPLOYER, bytes32(0), keccak256(init))))
                )
            ),
            "deterministic factory address"
        );
        address predicted = KeystoreAccountFactory(f).getAddress(keystore);
        assertEq(
            address(KeystoreAccountFactory(f).createAccount(keystore)),
            predicted,
            "account of the deterministic factory"
        );
        assertTrue(predicted != KeystoreAccountFactory(f).getAddress(bob.addr), "one account per keystore address");
    }

    function test_accountRejectsInvalidSettings() public {
        vm.expectRevert(KeystoreAccount.ZeroKeystoreAddress.selector);
        new KeystoreAccount(address(ep), oracle, verifier, MAX_ROOT_AGE, ROOT_GRACE, address(0));
        vm.expectRevert(KeystoreAuth.InvalidSettings.selector);
        new KeystoreAccount(address(ep), oracle, verifier, 0, ROOT_GRACE, keystore);
        vm.expectRevert(KeystoreAuth.InvalidSettings.selector);
        new KeystoreAccount(
            address(ep), IKeystoreRootOracle(address(0x1234)), verifier, MAX_ROOT_AGE, ROOT_GRACE, keystore
        );
        vm.expectRevert(KeystoreAuth.InvalidSettings.selector);
        new KeystoreAccount(address(0x1234), oracle, verifier, MAX_ROOT_AGE, ROOT_GRACE, keystore);
        vm.expectRevert(KeystoreAuth.InvalidSettings.selector);
        new KeystoreAccount(
            address(ep), oracle, KeystoreProofVerifier(address(0x1234)), MAX_ROOT_AGE, ROOT_GRACE, keystore
        );
    }
}
