/** @file Two quality checks for the review model's tests: one image check, one face check. */
import type { CheckInfo } from '../../../../src-main/contract';

export const blur: CheckInfo = {
  ...{ id: 'blur', label: 'Blur', group: 'image', unit: '', direction: 'low-is-bad' },
  ...{ defaultThreshold: 100, min: 0, max: 1000, description: '' },
};

export const landmarks: CheckInfo = {
  ...{ id: 'face_landmarks', label: 'Landmarks', group: 'face', unit: 'face widths' },
  ...{ direction: 'high-is-bad', defaultThreshold: 0.25, min: 0, max: 1, description: '' },
};
