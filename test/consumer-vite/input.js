// Inputs shared by the consumer pages and the Node side of the test.
export const INPUT = {
  regression: { yTrue: [3, -0.5, 2, 7, 4.25, 1e-3], yPred: [2.5, 0.0, 2, 8, 4, 0] },
  classification: {
    yTrue: [0, 1, 1, 0, 1, 0, 0, 1],
    yPred: [0, 1, 0, 0, 1, 1, 0, 1],
    yProb: [0.1, 0.9, 0.4, 0.3, 0.8, 0.6, 0.2, 0.7],
  },
};
