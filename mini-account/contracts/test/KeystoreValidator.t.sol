// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {PackedUserOperation} from "@account-abstraction/contracts/interfaces/PackedUserOperation.sol";
import {KeystoreAuth} from "../src/KeystoreAuth.sol";
import {KeystoreValidator} from "../src/KeystoreValidator.sol";
import {AccountTestBase} from "./utils/AccountTestBase.sol";
import {Minimal7579Account} from "./utils/Minimal7579Account.sol";
import {TestTree} from "./utils/TestTree.sol";
import {TestToken} from "./utils/TestToken.sol";

/// @notice KeystoreValidator installed in a minimal ERC-7579 account, through the real EntryPoint.
contract KeystoreValidatorTest is AccountTestBase {
    using TestTree for TestTree.Tree;

    uint256 internal constant SALT = 99;
    address internal constant RECIPIENT = address(0xCAFE);
    bytes32 internal constant MODE_SINGLE = bytes32(0);
    bytes32 internal constant MODE_BATCH = bytes32(uint256(1) << 248);

    KeystoreValidator internal validator;
    Minimal7579Account internal account;
    Key internal alice;
    Key internal bob;
    Config internal aliceInitial;
    address internal keystore;
    bytes32 internal root0;

    function setUp() public {
        _setUpChain();
        validator = new KeystoreValidator(oracle, verifier, MAX_ROOT_AGE, ROOT_GRACE);
        alice = makeKey(0xA11CE);
        bob = makeKey(0xB0B);
        aliceInitial = initialConfig(alice, 0);
        keystore = keystoreAddressOf(SALT, aliceInitial);
        account = _newAccount(keystore, false);
        root0 = _record(_baseTree(), START - 60);
    }

    function _newAccount(address ks, bool withHook) internal returns (Minimal7579Account a) {
        a = new Minimal7579Account(address(ep));
        a.initialize(address(validator), abi.encode(ks), withHook);
        vmx.deal(address(a), 10 ether);
    }

    function _nonce(address a) internal view returns (uint256) {
        return ep.getNonce(a, uint192(uint160(address(validator))) << 32);
    }

    function _single(address target, uint256 value, bytes memory data) internal pure returns (bytes memory) {
        return abi.encodeCall(Minimal7579Account.execute, (MODE_SINGLE, abi.encodePacked(target, value, data)));
    }

    function _op(address a, bytes memory callData) internal view returns (PackedUserOperation memory) {
        return userOp(a, _nonce(a), "", callData);
    }

    function _absentSig(PackedUserOperation memory op, uint256 pk, uint256 salt, Config memory c, bytes memory rules)
        internal
        view
        returns (bytes memory)
    {
        bytes memory proof = absentProof(_baseTree(), uint160(keystoreAddressOf(salt, c)), salt, c);
        return proofSignature(root0, _sign(op, pk), proof, rules);
    }

    // ------------------------------------------------------------------ module

    function test_isAValidatorAndAHookModule() public view {
        assertTrue(validator.isModuleType(1), "validator");
        assertTrue(validator.isModuleType(4), "hook");
        assertFalse(validator.isModuleType(2), "not an executor");
        assertTrue(validator.isInitialized(address(account)), "installed");
        assertEq(validator.keystoreOf(address(account)), keystore, "keystore address");
        assertFalse(validator.isInitialized(address(this)), "not installed elsewhere");
    }

    function test_installRejectsBadDataAndReinstall() public {
        vm.expectRevert(KeystoreValidator.InvalidInstallData.selector);
        validator.onInstall(abi.encode(address(0)));
        vm.expectRevert(KeystoreValidator.InvalidInstallData.selector);
        validator.onInstall(hex"1234");
        vm.expectRevert(abi.encodeWithSelector(KeystoreValidator.NotInitialized.selector, address(this)));
        validator.onInstall(""); // hook install before the validator
        validator.onInstall(abi.encode(keystore));
        vm.expectRevert(abi.encodeWithSelector(KeystoreValidator.AlreadyInitialized.selector, address(this)));
        validator.onInstall(abi.encode(keystore));
        validator.onUninstall(hex"00");
        assertFalse(validator.isInitialized(address(this)), "uninstalled");
        vm.expectRevert(abi.encodeWithSelector(KeystoreValidator.NotInitialized.selector, address(this)));
        validator.onUninstall(hex"00");
    }

    // ---------------------------------------------------------------- validation

    function test_acceptsInitialKeyWithNonMembershipProofThenCached() public {
        PackedUserOperation memory op = _op(address(account), _single(RECIPIENT, 1 ether, ""));
        op.signature = _absentSig(op, alice.pk, SALT, aliceInitial, "");
        (bool ok,) = _handle(op);
        assertTrue(ok, "executed");
        assertEq(RECIPIENT.balance, 1 ether, "paid");
        op = _op(address(account), _single(RECIPIENT, 1 ether, ""));
        op.signature = cachedSignature(root0, _sign(op, alice.pk));
        (ok,) = _handle(op);
        assertTrue(ok, "cached op executed");
        assertEq(RECIPIENT.balance, 2 ether, "paid twice");
    }

    function test_afterKeyRotationNewKeyIsAcceptedAndOldRejected() public {
        Config memory c = initialConfig(bob, 0);
        c.nonce = 1;
        TestTree.Tree memory t = _baseTree();
        t.insert(uint160(keystore), configHashOf(c));
        bytes32 root1 = _record(t, START);
        bytes memory proof = memberProof(t, uint160(keystore), c);
        PackedUserOperation memory op = _op(address(account), _single(RECIPIENT, 1 ether, ""));
        op.signature = proofSignature(root1, _sign(op, alice.pk), proof, "");
        _expectFailedOp("AA24 signature error");
        _handleExpectingRevert(op);
        op.signature = proofSignature(root1, _sign(op, bob.pk), proof, "");
        (bool ok,) = _handle(op);
        assertTrue(ok, "bob's op");
    }

    function test_staleAndUnknownRootsAreRejected() public {
        PackedUserOperation memory op = _op(address(account), _single(RECIPIENT, 1 ether, ""));
        op.signature = _absentSig(op, alice.pk, SALT, aliceInitial, "");
        vm.warp(START - 60 + MAX_ROOT_AGE + 1);
        _expectFailedOp("AA22 expired or not due");
        _handleExpectingRevert(op);
        bytes32 unknown = keccak256("unknown");
        op.signature = proofSignature(unknown, _sign(op, alice.pk), hex"00", "");
        _expectFailedOpWithRevert(abi.encodeWithSelector(KeystoreAuth.UnknownRoot.selector, unknown));
        _handleExpectingRevert(op);
    }

    function test_cacheIsPerAccount() public {
        PackedUserOperation memory op = _op(address(account), _single(RECIPIENT, 1 ether, ""));
        op.signature = _absentSig(op, alice.pk, SALT, aliceInitial, "");
        (bool ok,) = _handle(op);
        assertTrue(ok, "first account");
        // another account of the same keystore address has its own cache entries
        Minimal7579Account other = _newAccount(keystore, false);
        op = _op(address(other), _single(RECIPIENT, 1 ether, ""));
        op.signature = cachedSignature(root0, _sign(op, alice.pk));
        _expectFailedOpWithRevert(abi.encodeWithSelector(KeystoreAuth.KeyNotCached.selector, root0));
        _handleExpectingRevert(op);
    }

    function test_uninstalledValidatorRejects() public {
        vm.prank(address(account));
        validator.onUninstall(hex"00");
        PackedUserOperation memory op = _op(address(account), _single(RECIPIENT, 1 ether, ""));
        op.signature = _absentSig(op, alice.pk, SALT, aliceInitial, "");
        _expectFailedOpWithRevert(abi.encodeWithSelector(KeystoreValidator.NotInitialized.selector, address(account)));
        _handleExpectingRevert(op);
    }

    // ------------------------------------------------------------ spending hook

    function test_rulesWithoutTheHookAreRefused() public {
        bytes memory rules = oneRule(address(0), 1 days, 1 ether);
        (, uint256 rulesHash) = verifier.decodeRules(rules);
        Config memory c = initialConfig(alice, rulesHash);
        Minimal7579Account a = _newAccount(keystoreAddressOf(SALT + 1, c), false);
        PackedUserOperation memory op = _op(address(a), _single(RECIPIENT, 5 ether, ""));
        op.signature = _absentSig(op, alice.pk, SALT + 1, c, rules);
        _expectFailedOpWithRevert(
            abi.encodeWithSelector(KeystoreValidator.SpendingHookNotInstalled.selector, address(a))
        );
        _handleExpectingRevert(op);
    }

    function test_hookEnforcesErc20Limit() public {
        TestToken token = new TestToken();
        Minimal7579Account a = _rulesAccount(oneRule(address(token), 1 days, 100));
        token.mint(address(a), 1000);
        (bool ok,) = _cachedOp(a, _single(address(token), 0, abi.encodeCall(TestToken.transfer, (RECIPIENT, 100))));
        assertTrue(ok, "at the limit");
        bytes memory reason;
        (ok, reason) = _cachedOp(a, _single(address(token), 0, abi.encodeCall(TestToken.approve, (RECIPIENT, 1))));
        assertFalse(ok, "over the limit");
        assertEq(
            reason,
            abi.encodeWithSelector(KeystoreAuth.SpendingLimitExceeded.selector, address(token), 101, 100),
            "reason"
        );
        assertEq(token.balanceOf(RECIPIENT), 100, "transferred");
    }

    function _rulesAccount(bytes memory rules) internal returns (Minimal7579Account a) {
        (, uint256 rulesHash) = verifier.decodeRules(rules);
        Config memory c = initialConfig(alice, rulesHash);
        a = _newAccount(keystoreAddressOf(SALT + 1, c), true);
        PackedUserOperation memory op = _op(address(a), _single(RECIPIENT, 0.5 ether, ""));
        op.signature = _absentSig(op, alice.pk, SALT + 1, c, rules);
        (bool ok,) = _handle(op);
        assertTrue(ok, "first op within the limit");
    }

    function _cachedOp(Minimal7579Account a, bytes memory callData) internal returns (bool, bytes memory) {
        PackedUserOperation memory op = _op(address(a), callData);
        op.signature = cachedSignature(root0, _sign(op, alice.pk));
        return _handle(op);
    }

    function test_hookEnforcesEthLimitOnSingleAndBatchExecutions() public {
        Minimal7579Account a = _rulesAccount(oneRule(address(0), 1 days, 1 ether));
        (bool ok, bytes memory reason) = _cachedOp(a, _single(RECIPIENT, 0.6 ether, ""));
        assertFalse(ok, "1.1 ether exceeds the limit");
        assertEq(
            reason,
            abi.encodeWithSelector(KeystoreAuth.SpendingLimitExceeded.selector, address(0), 1.1 ether, 1 ether),
            "reason"
        );
        Minimal7579Account.Execution[] memory batch = new Minimal7579Account.Execution[](2);
        batch[0] = Minimal7579Account.Execution(RECIPIENT, 0.3 ether, "");
        batch[1] = Minimal7579Account.Execution(RECIPIENT, 0.3 ether, "");
        (ok,) = _cachedOp(a, abi.encodeCall(Minimal7579Account.execute, (MODE_BATCH, abi.encode(batch))));
        assertFalse(ok, "batch of 0.6 ether exceeds the limit");
        batch[1].value = 0.2 ether;
        (ok,) = _cachedOp(a, abi.encodeCall(Minimal7579Account.execute, (MODE_BATCH, abi.encode(batch))));
        assertTrue(ok, "batch of 0.5 ether fits");
        assertEq(RECIPIENT.balance, 1 ether, "0.5 + 0.5");
        (uint256 amount,) = validator.spent(address(a), address(0));
        assertEq(amount, 1 ether, "counted");
    }

    function test_underRulesOnlyExecuteCallsAreAccepted() public {
        Minimal7579Account a = _rulesAccount(oneRule(address(0), 1 days, 1 ether));
        bytes memory callData = abi.encodeCall(Minimal7579Account.uninstallModule, (4, address(validator), ""));
        PackedUserOperation memory op = _op(address(a), callData);
        op.signature = cachedSignature(root0, _sign(op, alice.pk));
        _expectFailedOpWithRevert(
            abi.encodeWithSelector(
                KeystoreValidator.CallNotAllowedUnderSpendingRules.selector, Minimal7579Account.uninstallModule.selector
            )
        );
        _handleExpectingRevert(op);
    }

    function test_hookRejectsUnsupportedModes() public {
        Minimal7579Account a = _rulesAccount(oneRule(address(0), 1 days, 1 ether));
        bytes32 delegate = bytes32(uint256(0xff) << 248);
        vm.prank(address(ep));
        vm.expectRevert(abi.encodeWithSelector(KeystoreValidator.UnsupportedExecutionMode.selector, delegate));
        a.execute(delegate, "");
        vm.expectRevert(abi.encodeWithSelector(KeystoreValidator.OnlySelf.selector, address(this)));
        validator.countExecution(address(a), MODE_SINGLE, abi.encodePacked(RECIPIENT, uint256(5 ether)));
    }

    // ------------------------------------------------- freeze and superseded roots

    /// @dev alice's leaf with a pending recovery (votes, executableAfter), recorded at START.
    function _recoveryProof(uint64 executableAfter) internal returns (bytes32 root, bytes memory proof) {
        Config memory c = withRecovery(initialConfig(alice, 0), bob, 0x01, executableAfter);
        c.nonce = 1;
        TestTree.Tree memory t = _baseTree();
        t.insert(uint160(keystore), configHashOf(c));
        root = _record(t, START);
        proof = memberProof(t, uint160(keystore), c);
    }

    /// @notice A frozen account (recovery at its threshold): validation reverts
    ///         RecoveryInProgress, EIP-1271 says no; under the threshold both accept.
    function test_frozenAccountRefusesOperationsAndSignatures() public {
        uint64 executableAfter = START + 7 days;
        (bytes32 root, bytes memory proof) = _recoveryProof(executableAfter);
        PackedUserOperation memory op = _op(address(account), _single(RECIPIENT, 0, ""));
        op.signature = proofSignature(root, _sign(op, alice.pk), proof, "");
        _expectFailedOpWithRevert(abi.encodeWithSelector(KeystoreAuth.RecoveryInProgress.selector, executableAfter));
        _handleExpectingRevert(op);
        bytes32 hash = keccak256("hello");
        bytes memory sig = proofSignature(root, ecdsa(alice.pk, messageDigest(address(account), hash)), proof, "");
        assertEq(account.isValidSignature(hash, abi.encodePacked(address(validator), sig)), bytes4(0xffffffff), "1271");

        (root, proof) = _recoveryProof(0);
        op.signature = proofSignature(root, _sign(op, alice.pk), proof, "");
        (bool ok,) = _handle(op);
        assertTrue(ok, "under the threshold");
        sig = proofSignature(root, ecdsa(alice.pk, messageDigest(address(account), hash)), proof, "");
        assertEq(account.isValidSignature(hash, abi.encodePacked(address(validator), sig)), bytes4(0x1626ba7e), "ok");
    }

    /// @notice A superseded root works to the end of its grace and not after, cached or proven,
    ///         for user operations and EIP-1271.
    function test_supersededRootExpiresAfterItsGrace() public {
        PackedUserOperation memory op = _op(address(account), _single(RECIPIENT, 1 ether, ""));
        op.signature = _absentSig(op, alice.pk, SALT, aliceInitial, "");
        (bool ok,) = _handle(op); // caches alice's key for root0
        assertTrue(ok, "first op");
        vm.warp(START + 10);
        TestTree.Tree memory t = _baseTree();
        t.insert(5, 0x555);
        _record(t, START + 5);
        uint64 graceEnd = START + 10 + ROOT_GRACE;
        bytes32 hash = keccak256("hello");
        bytes memory sig1271 = cachedSignature(root0, ecdsa(alice.pk, messageDigest(address(account), hash)));
        for (uint256 late; late < 2; ++late) {
            vm.warp(graceEnd + late);
            for (uint256 cached; cached < 2; ++cached) {
                op = _op(address(account), _single(RECIPIENT, 1, ""));
                op.signature = cached == 1
                    ? cachedSignature(root0, _sign(op, alice.pk))
                    : _absentSig(op, alice.pk, SALT, aliceInitial, "");
                if (late == 1) {
                    _expectFailedOp("AA22 expired or not due");
                    _handleExpectingRevert(op);
                } else {
                    (ok,) = _handle(op);
                    assertTrue(ok, "inside the grace");
                }
            }
            assertEq(
                account.isValidSignature(hash, abi.encodePacked(address(validator), sig1271)),
                late == 1 ? bytes4(0xffffffff) : bytes4(0x1626ba7e),
                "1271"
            );
        }
    }

    // ---------------------------------------------------------------- EIP-1271

    function test_eip1271ThroughTheAccount() public {
        bytes32 hash = keccak256("hello");
        bytes memory proof = absentProof(_baseTree(), uint160(keystore), SALT, aliceInitial);
        bytes memory good = proofSignature(root0, ecdsa(alice.pk, messageDigest(address(account), hash)), proof, "");
        assertEq(
            account.isValidSignature(hash, abi.encodePacked(address(validator), good)), bytes4(0x1626ba7e), "valid"
        );
        bytes memory bad = proofSignature(root0, ecdsa(bob.pk, messageDigest(address(account), hash)), proof, "");
        assertEq(account.isValidSignature(hash, abi.encodePacked(address(validator), bad)), bytes4(0xffffffff), "bob");
        assertEq(
            validator.isValidSignatureWithSender(address(this), hash, good),
            bytes4(0xffffffff),
            "caller without install"
        );
        vm.warp(START - 60 + MAX_ROOT_AGE + 1);
        assertEq(
            account.isValidSignature(hash, abi.encodePacked(address(validator), good)), bytes4(0xffffffff), "stale"
        );
    }
}
