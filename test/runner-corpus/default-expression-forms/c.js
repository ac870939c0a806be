export default class extends Array { static tag = 'c'; }
