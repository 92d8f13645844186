import { describe, expect, it } from 'vitest';
import { RateEstimator, createThrottle } from './progress';

describe('RateEstimator', () => {
  it('says nothing until it has two samples 100 ms apart', () => {
    const rate = new RateEstimator();
    rate.push(0, 0);
    expect(rate.rate()).toBeNull();
    rate.push(10, 50);
    expect(rate.rate()).toBeNull();
  });

  it('measures the recent rate and the time left', () => {
    const rate = new RateEstimator(5000);
    rate.push(0, 0);
    rate.push(500, 1000);
    expect(rate.rate()).toBe(500);
    expect(rate.etaSeconds(500, 1500)).toBe(2);
    expect(rate.etaSeconds(500, null)).toBeNull();
  });

  it('forgets samples older than the window, so a slowdown shows', () => {
    const rate = new RateEstimator(2000);
    rate.push(0, 0);
    rate.push(10_000, 1000);
    rate.push(10_100, 4000);
    rate.push(10_200, 5000);
    expect(rate.rate()).toBe(100);
  });
});

describe('createThrottle', () => {
  it('lets one call through per interval unless forced', () => {
    let t = 0;
    const pass = createThrottle(250, () => t);
    expect(pass()).toBe(true);
    t = 100;
    expect(pass()).toBe(false);
    expect(pass(true)).toBe(true);
    t = 400;
    expect(pass()).toBe(true);
  });
});
