// Exported kernels. Every kernel takes pointers + lengths and writes to `out`.
export { arenaAlloc, arenaReset, arenaUsed } from "./memory";
export { sumF64, sumSequential, readF64 } from "./pairwise";
export { regressionStats } from "./regression";
export { sortF64, sortKeysU64, sortKeysCounted, keySortHistBytes, iota, absDiff, cumsumPermuted } from "./sort";
export { labelScan, uniqueSorted, confusionStats, accuracyStats } from "./classification";
export { distMoments, distQuantiles, quantileWorkBytes, distHistogram, maskedMoments, distHistogramCounted, distQuantilesCounted, selectCountBytes, distSumRange, distSsdCounted, distQuantilesKeep, anomalySplit, distSsd, selectTwo } from "./distribution";
export { labelIndicator, negateInto, dropZeroWeight, packPayload, thresholdCounts, dropRocIntermediate, dropPrIntermediate, detCurve, rocRates, diffFlags, trapezoid, prCurve, apSum, logLossSum, brierSum, splitKeys, mergeCounts, composeKeys, walkComposed, composeKeysCounted, aucComposed, aucApComposed } from "./ranking";
export { encodeLabels, mismatchSum, probRowCheck, multiLogLossSum, multiBrierSum, ovrColumn, ovoSubset, topKSum, regExtraSum } from "./multiclass";
export { scanF64, scanF64P, binaryLabels, binaryCounts, zeroSigns } from "./scan";
export { regressionStatsMode } from "./regression";
export { pinAlloc, pinRelease } from "./memory";
export { regStreamBegin, regStreamAdvance, regStreamFinish, regStagePrepare } from "./regression";
export { binaryFusedChunk, accuracyFusedChunk, confusionSmallChunk, allFinite } from "./fused";
export { logLossFused, logLossStreamBegin, logLossStreamAdvance, logLossStreamFinish, logLossStagePrepare } from "./logloss";
export { regTerms, anomalyGroups, minMax, logTerms, multiLogTerms, cellCounts, groupValues, cellIndex, binIndex, gatherF64, composeU32, encodeTwo, binaryLogTerms, idsToU8 } from "./streaming";
export { sketchKey, sketchRep, sketchDirBytes, sketchBlockSize, sketchBlocksNeeded, sketchBegin, sketchCount, sketchPos, sketchGrow, sketchUsed, sketchEmit, sketchKeys, sketchRuns, sketchMerge, sketchQuantiles, sketchHistogram } from "./sketch";
export { exactBytes, exactInit, exactAddArray, exactAddSquares, exactAddProducts, exactAddWeightedSquares, exactAddGrouped, exactNormalize, exactMerge } from "./exactsum";
export { srHist, srRefine, srScatter, srSortGroups, srBegin, srWalk, srTie, srEnd, srSums } from "./streamed";
