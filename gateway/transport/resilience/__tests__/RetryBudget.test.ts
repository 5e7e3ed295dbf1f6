import { RetryBudget } from '../RetryBudget';

/** How many retries the budget grants in a row before refusing. */
function drain(budget: RetryBudget): number {
  let granted = 0;
  while (budget.withdraw()) granted++;
  return granted;
}

describe('RetryBudget', () => {
  it('starts full: grants max retries, then refuses', () => {
    const budget = new RetryBudget(0.5, 3);
    expect(drain(budget)).toBe(3);
    expect(budget.withdraw()).toBe(false);
  });

  it('starts with 10 retries by default', () => {
    expect(drain(new RetryBudget())).toBe(10);
  });

  it('spends one token per retry', () => {
    const budget = new RetryBudget(0.5, 2);
    expect(budget.withdraw()).toBe(true);
    expect(drain(budget)).toBe(1);
  });

  it('refills ratio of a token per request: one retry per 1/ratio requests', () => {
    const budget = new RetryBudget(0.25, 5);
    drain(budget);
    for (let i = 0; i < 3; i++) budget.deposit();
    expect(budget.withdraw()).toBe(false);
    budget.deposit();
    expect(budget.withdraw()).toBe(true);
    expect(budget.withdraw()).toBe(false);
    for (let i = 0; i < 8; i++) budget.deposit();
    expect(drain(budget)).toBe(2);
  });

  it('never holds more than max tokens, however many requests pass', () => {
    const budget = new RetryBudget(0.5, 2);
    for (let i = 0; i < 100; i++) budget.deposit();
    expect(drain(budget)).toBe(2);
    for (let i = 0; i < 100; i++) budget.deposit();
    expect(drain(budget)).toBe(2);
  });
});
