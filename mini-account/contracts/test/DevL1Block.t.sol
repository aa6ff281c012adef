// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {KeystoreTest} from "keystore-test/KeystoreTest.sol";
import {DevL1Block} from "../src/DevL1Block.sol";

interface VmL1 {
    struct Log {
        bytes32[] topics;
        bytes data;
        address emitter;
    }

    function etch(address target, bytes calldata code) external;
    function store(address target, bytes32 slot, bytes32 value) external;
    function recordLogs() external;
    function getRecordedLogs() external returns (Log[] memory);
}

/// @notice DevL1Block: the relayer rule, one-time initialisation, the OP L1Block reads, and
///         installation at the predeploy address by code and storage alone (as anvil_setCode and
///         anvil_setStorageAt do on a devnet).
contract DevL1BlockTest is KeystoreTest {
    VmL1 internal constant vmx = VmL1(address(uint160(uint256(keccak256("hevm cheat code")))));
    address internal constant PREDEPLOY = 0x4200000000000000000000000000000000000015;
    address internal constant RELAYER = address(0xBEEF);

    DevL1Block internal l1Block;

    function setUp() public {
        l1Block = new DevL1Block();
    }

    function _publish(DevL1Block target) internal {
        target.setL1BlockValues(
            7, 1_700_000_000, 3 gwei, bytes32(uint256(0xabc)), 2, bytes32(uint256(0xb)), 188, 684000
        );
    }

    function test_relayerSlotValue() public view {
        assertEq(l1Block.RELAYER_SLOT(), bytes32(uint256(keccak256("keystore.DevL1Block.relayer")) - 1), "slot");
    }

    function test_initializeSetsTheRelayerOnceAndEmits() public {
        vmx.recordLogs();
        l1Block.initialize(RELAYER);
        assertEq(l1Block.relayer(), RELAYER, "relayer");
        VmL1.Log[] memory logs = vmx.getRecordedLogs();
        assertEq(logs.length, 1, "one event");
        assertEq(logs[0].topics[0], DevL1Block.RelayerChanged.selector, "RelayerChanged");
        assertEq(logs[0].topics[2], bytes32(uint256(uint160(RELAYER))), "new relayer");

        vm.expectRevert(abi.encodeWithSelector(DevL1Block.AlreadyInitialized.selector, RELAYER));
        l1Block.initialize(address(this));
    }

    function test_initializeRejectsTheZeroAddress() public {
        vm.expectRevert(DevL1Block.ZeroAddress.selector);
        l1Block.initialize(address(0));
    }

    function test_onlyTheRelayerPublishes() public {
        vm.expectRevert(abi.encodeWithSelector(DevL1Block.NotRelayer.selector, address(this)));
        _publish(l1Block); // no relayer yet
        l1Block.initialize(RELAYER);
        vm.expectRevert(abi.encodeWithSelector(DevL1Block.NotRelayer.selector, address(this)));
        _publish(l1Block);
    }

    function test_theRelayerPublishesEveryAttributeAndAnEvent() public {
        l1Block.initialize(RELAYER);
        vmx.recordLogs();
        vm.prank(RELAYER);
        _publish(l1Block);
        assertEq(l1Block.number(), 7, "number");
        assertEq(l1Block.timestamp(), 1_700_000_000, "timestamp");
        assertEq(l1Block.basefee(), 3 gwei, "basefee");
        assertEq(l1Block.hash(), bytes32(uint256(0xabc)), "hash");
        assertEq(l1Block.sequenceNumber(), 2, "sequenceNumber");
        assertEq(l1Block.batcherHash(), bytes32(uint256(0xb)), "batcherHash");
        assertEq(l1Block.l1FeeOverhead(), 188, "l1FeeOverhead");
        assertEq(l1Block.l1FeeScalar(), 684000, "l1FeeScalar");
        VmL1.Log[] memory logs = vmx.getRecordedLogs();
        assertEq(logs.length, 1, "one event");
        assertEq(logs[0].topics[0], DevL1Block.L1BlockValuesSet.selector, "L1BlockValuesSet");
        assertEq(uint256(logs[0].topics[1]), 7, "number topic");
        assertEq(logs[0].data, abi.encode(uint64(1_700_000_000), bytes32(uint256(0xabc)), uint64(2)), "data");
    }

    function test_theRelayerHandsOver() public {
        l1Block.initialize(RELAYER);
        vm.expectRevert(abi.encodeWithSelector(DevL1Block.NotRelayer.selector, address(this)));
        l1Block.changeRelayer(address(this));
        vm.prank(RELAYER);
        l1Block.changeRelayer(address(this));
        assertEq(l1Block.relayer(), address(this), "new relayer");
        _publish(l1Block);
        vm.expectRevert(DevL1Block.ZeroAddress.selector);
        l1Block.changeRelayer(address(0));
    }

    /// The runtime code copied to 0x42..15 and the relayer written into its slot, as a devnet
    /// does: no constructor ran there, and it works.
    function test_worksAtThePredeployAddressFromCodeAndStorageAlone() public {
        vmx.etch(PREDEPLOY, address(l1Block).code);
        DevL1Block predeploy = DevL1Block(PREDEPLOY);
        assertEq(predeploy.relayer(), address(0), "no relayer yet");
        vmx.store(PREDEPLOY, l1Block.RELAYER_SLOT(), bytes32(uint256(uint160(RELAYER))));
        assertEq(predeploy.relayer(), RELAYER, "relayer from storage");
        vm.prank(RELAYER);
        _publish(predeploy);
        assertEq(predeploy.hash(), bytes32(uint256(0xabc)), "hash at the predeploy");
        assertEq(l1Block.hash(), bytes32(0), "the original is untouched");
    }

    /// Or initialised once after anvil_setCode.
    function test_worksAtThePredeployAddressInitialisedOnce() public {
        vmx.etch(PREDEPLOY, address(l1Block).code);
        DevL1Block predeploy = DevL1Block(PREDEPLOY);
        predeploy.initialize(address(this));
        _publish(predeploy);
        assertEq(predeploy.number(), 7, "number at the predeploy");
    }
}
