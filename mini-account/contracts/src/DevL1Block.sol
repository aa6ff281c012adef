// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IL1Block} from "./interfaces/IL1Block.sol";

/// @title DevL1Block: an L1Block-compatible contract for devnets
/// @notice Serves the OP Stack L1Block predeploy interface (the attributes of the latest L1
///         block) on an L2 that has no OP derivation, e.g. a plain anvil: an authorised relayer
///         (the node's devnet relayer) feeds it with `setL1BlockValues`, as the OP depositor
///         account does for the real predeploy.
/// @dev    Made to be installed at the predeploy address
///         0x4200000000000000000000000000000000000015 with `anvil_setCode` (the runtime code of
///         this contract): it has no immutables and no constructor logic, and everything lives
///         in storage. The attribute slots follow the Bedrock L1Block layout (slot 0: number and
///         timestamp, 1: basefee, 2: hash, 3: sequenceNumber, 4: batcherHash, 5: l1FeeOverhead,
///         6: l1FeeScalar). The relayer lives at RELAYER_SLOT (keccak256("keystore.DevL1Block.relayer")
///         - 1), which a devnet either sets directly with `anvil_setStorageAt` (the address in the
///         low 20 bytes) or through `initialize(relayer)`, which runs once, while the slot is empty.
contract DevL1Block is IL1Block {
    /// @notice Storage slot of the relayer address.
    bytes32 public constant RELAYER_SLOT = 0xaf6954ea0641ce87cea4c872070fc64ee9fe296e7c3c0d2f92cdcf8e85522e8b;

    uint64 public number;
    uint64 public timestamp;
    uint256 public basefee;
    bytes32 public hash;
    uint64 public sequenceNumber;
    bytes32 public batcherHash;
    uint256 public l1FeeOverhead;
    uint256 public l1FeeScalar;

    /// @notice The relayer published a new L1 block.
    event L1BlockValuesSet(uint64 indexed number, uint64 timestamp, bytes32 hash, uint64 sequenceNumber);
    /// @notice The relayer changed (from the zero address at initialisation).
    event RelayerChanged(address indexed previousRelayer, address indexed newRelayer);

    error NotRelayer(address caller);
    error AlreadyInitialized(address relayer);
    error ZeroAddress();

    modifier onlyRelayer() {
        if (msg.sender != relayer()) revert NotRelayer(msg.sender);
        _;
    }

    /// @notice Sets the relayer once, while none is set.
    function initialize(address relayer_) external {
        address current = relayer();
        if (current != address(0)) revert AlreadyInitialized(current);
        _setRelayer(address(0), relayer_);
    }

    /// @notice Hands the relayer role over.
    function changeRelayer(address newRelayer) external onlyRelayer {
        _setRelayer(msg.sender, newRelayer);
    }

    /// @notice Publishes the attributes of an L1 block (the Bedrock L1Block signature).
    function setL1BlockValues(
        uint64 _number,
        uint64 _timestamp,
        uint256 _basefee,
        bytes32 _hash,
        uint64 _sequenceNumber,
        bytes32 _batcherHash,
        uint256 _l1FeeOverhead,
        uint256 _l1FeeScalar
    ) external onlyRelayer {
        number = _number;
        timestamp = _timestamp;
        basefee = _basefee;
        hash = _hash;
        sequenceNumber = _sequenceNumber;
        batcherHash = _batcherHash;
        l1FeeOverhead = _l1FeeOverhead;
        l1FeeScalar = _l1FeeScalar;
        emit L1BlockValuesSet(_number, _timestamp, _hash, _sequenceNumber);
    }

    /// @notice The address allowed to publish L1 blocks (zero until initialised).
    function relayer() public view returns (address r) {
        bytes32 slot = RELAYER_SLOT;
        assembly ("memory-safe") {
            r := sload(slot)
        }
    }

    function _setRelayer(address previous, address next) private {
        if (next == address(0)) revert ZeroAddress();
        bytes32 slot = RELAYER_SLOT;
        assembly ("memory-safe") {
            sstore(slot, next)
        }
        emit RelayerChanged(previous, next);
    }
}
