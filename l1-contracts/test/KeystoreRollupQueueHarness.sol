// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {KeystoreRollup} from "../src/KeystoreRollup.sol";

/// @notice Test harness for the forced queue's accounting only: runs submitBatch's own queue
///         steps (_takeForced: the count bounds and the due rule; _record: the pop and its
///         event) for a batch of the given shape without a proof, which the fixtures cannot
///         provide for arbitrary queues. Everything that involves a proof is tested on the
///         real contract with real proofs (KeystoreRollup.t.sol, ForceInclusion.t.sol).
contract KeystoreRollupQueueHarness is KeystoreRollup {
    constructor(address owner_, bytes32 genesisRoot, uint64 basedTimeout_, uint64 forceDeadline_)
        KeystoreRollup(owner_, genesisRoot, basedTimeout_, forceDeadline_)
    {}

    /// @notice What submitBatch does with the queue for a batch of `slots` slots and `txCount`
    ///         transactions that takes `forcedCount`; returns the ids the public bytes would hold.
    function takeWithoutProof(uint256 slots, uint256 forcedCount, uint256 txCount)
        external
        returns (bytes32[] memory ids)
    {
        Chain memory s = _chain();
        bytes32 oldRoot = s.root;
        ids = _takeForced(s.forceHead, s.forceTail, forcedCount, _forcedSlots(slots), txCount);
        s.root = keccak256(abi.encode("unproven batch", batchCount));
        s.batchTime = uint64(block.timestamp);
        s.forceHead += uint64(forcedCount);
        _record(s, oldRoot, forcedCount, txCount);
    }
}
