import type { IfevalInstructionId, IfevalKwargs } from './instructions.js';

/** Whether one response follows one instruction. Checkers are pure and synchronous. */
export type IfevalChecker<Id extends IfevalInstructionId> = (response: string, kwargs: IfevalKwargs<Id>) => boolean;

export type IfevalCheckers = { [Id in IfevalInstructionId]: IfevalChecker<Id> };
